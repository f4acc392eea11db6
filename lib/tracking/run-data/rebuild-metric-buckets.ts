// Recomputes a run's metric_buckets from its metric_points, set-based. Ingestion keeps the
// buckets itself (metrics-statement.ts); this is for points that arrived another way: series
// logged before the metric_buckets migration (a one-off backfill per run) and bulk loads such
// as the history bench's.
import type { SqlClient } from '../../db/sql.ts';
import { BUCKET_SHIFTS } from './metric-buckets.ts';

const FINEST_SHIFT = BUCKET_SHIFTS[0];

// FOR UPDATE on the run conflicts with the FOR KEY SHARE lock every point insert takes through
// its foreign key: in-flight batches finish first and new ones wait until commit, so none
// slips between the delete and the recount.
const CLEAR = `DELETE FROM metric_buckets WHERE run_id = (SELECT id FROM runs WHERE id = $1 FOR UPDATE)`;

// The finest level comes from the points (one pass per summary), every level from the
// finest, with the orders metric-buckets.ts defines.
const RECOUNT = `
WITH fine AS (
  SELECT key, step >> ${FINEST_SHIFT} AS bucket, step, timestamp, value FROM metric_points WHERE run_id = $1
), fine_counts AS (
  SELECT key, bucket, count(*) AS n FROM fine GROUP BY key, bucket
), fine_lows AS (
  SELECT DISTINCT ON (key, bucket) key, bucket, value, step, timestamp FROM fine
   WHERE value <> 'NaN'::float8 ORDER BY key, bucket, value, step, timestamp
), fine_highs AS (
  SELECT DISTINCT ON (key, bucket) key, bucket, value, step, timestamp FROM fine
   WHERE value <> 'NaN'::float8 ORDER BY key, bucket, value DESC, step, timestamp
), fine_lasts AS (
  SELECT DISTINCT ON (key, bucket) key, bucket, value, step, timestamp FROM fine
   ORDER BY key, bucket, step DESC, timestamp DESC, value DESC
), finest AS MATERIALIZED (
  SELECT c.key, c.bucket, c.n, lo.value AS min_value, lo.step AS min_step, lo.timestamp AS min_timestamp,
         hi.value AS max_value, hi.step AS max_step, hi.timestamp AS max_timestamp,
         la.step AS last_step, la.timestamp AS last_timestamp, la.value AS last_value
    FROM fine_counts c JOIN fine_lasts la USING (key, bucket)
    LEFT JOIN fine_lows lo USING (key, bucket) LEFT JOIN fine_highs hi USING (key, bucket)
), leveled AS MATERIALIZED (
  SELECT f.*, s.shift, f.bucket >> (s.shift - ${FINEST_SHIFT}) AS level_bucket
    FROM finest f CROSS JOIN unnest('{${BUCKET_SHIFTS.join(',')}}'::int2[]) AS s(shift)
), counts AS (
  SELECT key, shift, level_bucket, sum(n)::int8 AS n FROM leveled GROUP BY key, shift, level_bucket
), lows AS (
  SELECT DISTINCT ON (key, shift, level_bucket) key, shift, level_bucket, min_value, min_step, min_timestamp FROM leveled
   WHERE min_value IS NOT NULL ORDER BY key, shift, level_bucket, min_value, min_step, min_timestamp
), highs AS (
  SELECT DISTINCT ON (key, shift, level_bucket) key, shift, level_bucket, max_value, max_step, max_timestamp FROM leveled
   WHERE max_value IS NOT NULL ORDER BY key, shift, level_bucket, max_value DESC, max_step, max_timestamp
), lasts AS (
  SELECT DISTINCT ON (key, shift, level_bucket) key, shift, level_bucket, last_step, last_timestamp, last_value FROM leveled
   ORDER BY key, shift, level_bucket, last_step DESC, last_timestamp DESC, last_value DESC
)
INSERT INTO metric_buckets (run_id, key, shift, bucket, count, min_value, min_step, min_timestamp,
                            max_value, max_step, max_timestamp, last_step, last_timestamp, last_value)
SELECT $1, c.key, c.shift, c.level_bucket, c.n, lo.min_value, lo.min_step, lo.min_timestamp,
       hi.max_value, hi.max_step, hi.max_timestamp, la.last_step, la.last_timestamp, la.last_value
  FROM counts c JOIN lasts la USING (key, shift, level_bucket)
  LEFT JOIN lows lo USING (key, shift, level_bucket) LEFT JOIN highs hi USING (key, shift, level_bucket)
 ORDER BY c.key, c.shift, c.level_bucket`;

/**
 * Replaces the run's buckets with ones recomputed from its points; returns the bucket rows
 * written. Run it in a transaction (withTransaction): the run stays locked until commit.
 */
export async function rebuildMetricBuckets(client: SqlClient, runId: string): Promise<number> {
  await client.query(CLEAR, [runId]);
  const { rowCount } = await client.query(RECOUNT, [runId]);
  return rowCount ?? 0;
}
