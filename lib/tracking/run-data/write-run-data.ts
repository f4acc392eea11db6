// Writes a batch of params, tags and metric points to one run, set-based: one statement per
// table whatever the batch size (unnest of arrays), inside the caller's transaction. No
// authorization here: callers (logBatch, createRun...) load the run for the principal first.
import { AppError, badInput } from '../../errors.ts';
import { pool } from '../../db/client.ts';
import type { SqlClient } from '../../db/sql.ts';
import { SystemTag } from '../system-tags.ts';
import { pyRepr, validateRunData, type RunDataInput, type ValidMetric } from '../validation.ts';
import { BUCKET_SHIFTS, summarizeBuckets } from './metric-buckets.ts';
import { EDGE_TAGS } from '../../lineage/lineage-tags.ts';
import { syncRunLineage } from '../../lineage/sync-run-lineage.ts';

/**
 * The value MLflow orders "latest" metrics by: its SQL store keeps NaN as 0 (with an is_nan
 * flag) and compares (step, timestamp, value), so NaN ranks as 0 here too. PostgreSQL would
 * otherwise rank NaN above every number.
 */
const rankValue = (column: string) => `(CASE WHEN ${column} = 'NaN'::float8 THEN 0::float8 ELSE ${column} END)`;
const rank = (value: number) => (Number.isNaN(value) ? 0 : value);

/**
 * The batch's best point per key in MLflow's latest order (step, timestamp, value with NaN as
 * 0), ties to the earliest in the batch as MLflow's strict comparison. Picked here rather than
 * by sorting the batch in SQL: one pass, and the statement gets one row per key.
 */
function latestPerKey(metrics: readonly ValidMetric[]): ValidMetric[] {
  const best = new Map<string, ValidMetric>();
  for (const m of metrics) {
    const b = best.get(m.key);
    const later = !b || (m.step !== b.step ? m.step > b.step : m.timestamp !== b.timestamp ? m.timestamp > b.timestamp : rank(m.value) > rank(b.value));
    if (later) best.set(m.key, m);
  }
  return [...best.values()];
}

const FINEST_SHIFT = BUCKET_SHIFTS[0];
const SHIFTS_ARRAY = `'{${BUCKET_SHIFTS.join(',')}}'::int2[]`;

// Each summary column pair (stored, excluded) merges by keeping the better candidate under
// the order metric-buckets.ts defines; NULL min/max (an all-NaN bucket) lose to any value.
const mergeBucketColumns = (columns: string, order: string) =>
  `(${columns}) = (SELECT * FROM (VALUES (${columns.replace(/(\w+)/g, 'excluded.$1')}), (${columns.replace(/(\w+)/g, 'stored.$1')}))
                    AS candidate(${columns}) ORDER BY ${order} LIMIT 1)`;

// Points go in with ON CONFLICT DO NOTHING on the full primary key, so a retried batch adds
// nothing. Buckets (metric-buckets.ts) are kept in the same statement: counts from the points
// this statement really inserted (RETURNING), so a retry counts nothing twice; min/max/last
// from the batch's summaries computed in JS ($6..$17), which merge idempotently. Buckets
// nothing was inserted into are not touched. The batch's best point per key ($18..$21,
// latestPerKey) replaces the stored latest only when it ranks strictly higher. Rows are
// locked in key order so concurrent batches on one run cannot deadlock.
//
// The run is read with a key-share lock, taken once for the whole batch: what the foreign key
// metric_points has not got would have taken for every point (a run being deleted waits for
// the statement, or the statement finds no run and writes nothing).
//
// Guarded (`checked`), the statement writes only if the run is active and in one of the teams
// in $22 (those where the caller may write runs, from lib/authz), and returns the run's team
// and state: a metrics-only batch is then one round trip, the caller authorizing from what
// comes back (nothing was written when that refuses).
//
// Without `tolerant`, the points insert has no ON CONFLICT clause: a new point (what a
// training loop sends) then skips the speculative insertion, about a third of the insert's
// cost, and a batch holding a point already stored fails whole with a unique violation on
// metric_points_pkey, for the caller to send again tolerant (writeMetricsChecked).
function insertMetricsSql(checked: boolean, tolerant: boolean): string {
  const guard = checked ? 'WHERE EXISTS (SELECT 1 FROM allowed)' : 'WHERE EXISTS (SELECT 1 FROM run)';
  return `
WITH run AS (
  SELECT team_id, lifecycle_stage FROM runs WHERE id = $1::char(32) FOR KEY SHARE
), ${checked ? `allowed AS (
  SELECT 1 FROM run WHERE team_id = ANY($22::text[]) AND lifecycle_stage = 'ACTIVE'
), ` : ''}inserted AS (
  INSERT INTO metric_points (run_id, key, step, timestamp, value)
  SELECT $1::char(32), t.key, t.step, t.timestamp, t.value
    FROM unnest($2::text[], $3::int8[], $4::int8[], $5::float8[]) AS t(key, step, timestamp, value)
   ${guard}
   ORDER BY t.key, t.step, t.timestamp, t.value
  ${tolerant ? 'ON CONFLICT DO NOTHING' : ''}
  RETURNING key, step
), finest_counts AS (
  SELECT key, step >> ${FINEST_SHIFT} AS bucket, count(*) AS n FROM inserted GROUP BY key, bucket
), counts AS (
  SELECT c.key, s.shift, c.bucket >> (s.shift - ${FINEST_SHIFT}) AS bucket, sum(c.n)::int8 AS n
    FROM finest_counts c CROSS JOIN unnest(${SHIFTS_ARRAY}) AS s(shift)
   GROUP BY c.key, s.shift, 3
), summaries AS (
  SELECT * FROM unnest($6::text[], $7::int2[], $8::int8[], $9::float8[], $10::int8[], $11::int8[],
                       $12::float8[], $13::int8[], $14::int8[], $15::int8[], $16::int8[], $17::float8[])
    AS b(key, shift, bucket, min_value, min_step, min_timestamp, max_value, max_step, max_timestamp, last_step, last_timestamp, last_value)
), buckets AS (
  INSERT INTO metric_buckets AS stored (run_id, key, shift, bucket, count, min_value, min_step, min_timestamp,
                                        max_value, max_step, max_timestamp, last_step, last_timestamp, last_value)
  SELECT $1::char(32), b.key, b.shift, b.bucket, c.n, b.min_value, b.min_step, b.min_timestamp,
         b.max_value, b.max_step, b.max_timestamp, b.last_step, b.last_timestamp, b.last_value
    FROM summaries b JOIN counts c USING (key, shift, bucket)
   ORDER BY b.key, b.shift, b.bucket
  ON CONFLICT (run_id, key, shift, bucket) DO UPDATE SET
    count = stored.count + excluded.count,
    ${mergeBucketColumns('min_value, min_step, min_timestamp', 'min_value NULLS LAST, min_step, min_timestamp')},
    ${mergeBucketColumns('max_value, max_step, max_timestamp', 'max_value DESC NULLS LAST, max_step, max_timestamp')},
    ${mergeBucketColumns('last_step, last_timestamp, last_value', 'last_step DESC, last_timestamp DESC, last_value DESC')}
)${checked ? ', latest AS (' : ''}
INSERT INTO latest_metrics AS stored (run_id, key, step, timestamp, value)
SELECT $1::char(32), key, step, timestamp, value
  FROM unnest($18::text[], $19::int8[], $20::int8[], $21::float8[]) AS best(key, step, timestamp, value)
 ${guard}
 ORDER BY key
ON CONFLICT (run_id, key) DO UPDATE
   SET step = excluded.step, timestamp = excluded.timestamp, value = excluded.value
 WHERE (excluded.step, excluded.timestamp, ${rankValue('excluded.value')})
     > (stored.step, stored.timestamp, ${rankValue('stored.value')})${checked ? `
)
SELECT team_id AS "teamId", lifecycle_stage AS "lifecycleStage", EXISTS (SELECT 1 FROM allowed) AS written FROM run` : ''}`;
}

// Named, so each connection plans these statements once.
const INSERT_METRICS = { name: 'cairn.insert-metrics', text: insertMetricsSql(false, true) };
const INSERT_NEW_METRICS_CHECKED = { name: 'cairn.insert-new-metrics-checked', text: insertMetricsSql(true, false) };
const INSERT_METRICS_CHECKED = { name: 'cairn.insert-metrics-checked', text: insertMetricsSql(true, true) };

const INSERT_PARAMS = `
INSERT INTO params (run_id, key, value)
SELECT $1::char(32), t.key, t.value FROM unnest($2::text[], $3::text[]) AS t(key, value) ORDER BY t.key
ON CONFLICT (run_id, key) DO NOTHING`;

// A separate statement after the insert: in READ COMMITTED it sees a value a concurrent
// batch committed meanwhile, which the insert's own snapshot could not.
const CHANGED_PARAMS = `
SELECT t.key, p.value AS old_value, t.value AS new_value
  FROM unnest($2::text[], $3::text[]) AS t(key, value)
  JOIN params p ON p.run_id = $1::char(32) AND p.key = t.key
 WHERE p.value <> t.value
 ORDER BY t.key`;

const UPSERT_TAGS = `
INSERT INTO run_tags (run_id, key, value)
SELECT $1::char(32), t.key, t.value FROM unnest($2::text[], $3::text[]) AS t(key, value) ORDER BY t.key
ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value`;

const RENAME_RUN = `UPDATE runs SET name = $2, updated_at = now() WHERE id = $1::char(32)`;

// The parent must be a run of the same team; another team's run looks like a missing one.
const SET_PARENT = `
UPDATE runs AS child SET parent_run_id = parent.id, updated_at = now()
  FROM runs AS parent
 WHERE child.id = $1::char(32) AND parent.id = $2::char(32) AND parent.team_id = child.team_id`;

const CLEAR_PARENT = `UPDATE runs SET parent_run_id = NULL, updated_at = now() WHERE id = $1::char(32)`;

// Array parameters as PostgreSQL array literals, built here because pg's generic array
// serialisation costs about 5x more on the ingestion hot path (1000-element batches).
// Numbers need no quoting: String() gives integers, doubles, 'NaN', 'Infinity' and
// '-Infinity', all valid float8/int8 input.
function numberArrayLiteral(values: readonly (number | bigint)[]): string {
  return `{${values.join(',')}}`;
}

/** As numberArrayLiteral, with NULL for a missing value. */
function nullableNumberArrayLiteral(values: readonly (number | bigint | undefined)[]): string {
  return `{${values.map((v) => (v === undefined ? 'NULL' : String(v))).join(',')}}`;
}

function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

type ChangedParam = { key: string; old_value: string; new_value: string };

function changedParamsError(runId: string, changed: ChangedParam[]): AppError {
  const listed = changed
    .map((c) => `{'key': ${pyRepr(c.key)}, 'old_value': ${pyRepr(c.old_value)}, 'new_value': ${pyRepr(c.new_value)}}`)
    .join(', ');
  return badInput(`Changing param values is not allowed. Params were already logged='[${listed}]' for run ID='${runId}'.`);
}

/** Keeps runs.parent_run_id in step with the mlflow.parentRunId tag. */
export async function syncParentRun(client: SqlClient, runId: string, parentRunId: string): Promise<void> {
  if (!parentRunId) {
    await client.query(CLEAR_PARENT, [runId]);
    return;
  }
  if (parentRunId === runId) throw badInput(`Run '${runId}' cannot be its own parent run.`);
  const { rowCount } = await client.query(SET_PARENT, [runId, parentRunId]);
  if (!rowCount) throw new AppError('NOT_FOUND', `Run '${parentRunId}' not found`);
}

/**
 * Writes params (immutable: the same value again is fine, another value is refused and the
 * caller's transaction rolls back), tags (last write wins; mlflow.runName renames the run,
 * mlflow.parentRunId re-parents it, cairn.* lineage tags change the run's lineage edges, whose
 * references must name the team's rows) and metric points (idempotent append, latest value per
 * key kept as MLflow chooses it). Must run inside a transaction (withTransaction). `actorId`:
 * who writes, recorded on lineage edges.
 */
export async function writeRunData(client: SqlClient, runId: string, data: RunDataInput, actorId: string | null = null): Promise<void> {
  const { params, tags, metrics } = validateRunData(data);

  if (params.length) {
    const keys = params.map((p) => p.key);
    const values = params.map((p) => p.value);
    await client.query(INSERT_PARAMS, [runId, keys, values]);
    const { rows } = await client.query<ChangedParam>(CHANGED_PARAMS, [runId, keys, values]);
    if (rows.length) throw changedParamsError(runId, rows);
  }

  if (tags.length) {
    await client.query(UPSERT_TAGS, [runId, tags.map((t) => t.key), tags.map((t) => t.value)]);
    const runName = tags.find((t) => t.key === SystemTag.runName)?.value;
    // MLflow ignores an empty name (the run keeps its own), as update_run_info does.
    if (runName) await client.query(RENAME_RUN, [runId, runName]);
    const parent = tags.find((t) => t.key === SystemTag.parentRunId);
    if (parent) await syncParentRun(client, runId, parent.value);
    if (tags.some((t) => EDGE_TAGS.has(t.key))) await syncRunLineage(client, runId, actorId);
  }

  if (metrics.length) await client.query({ ...INSERT_METRICS, values: metricValues(runId, metrics) });
}

/** $1..$21 of the metrics statement. */
function metricValues(runId: string, metrics: readonly ValidMetric[]): unknown[] {
  const buckets = summarizeBuckets(metrics);
  const latest = latestPerKey(metrics);
  return [
    runId,
    textArrayLiteral(metrics.map((m) => m.key)),
    numberArrayLiteral(metrics.map((m) => m.step)),
    numberArrayLiteral(metrics.map((m) => m.timestamp)),
    numberArrayLiteral(metrics.map((m) => m.value)),
    textArrayLiteral(buckets.map((b) => b.key)),
    numberArrayLiteral(buckets.map((b) => b.shift)),
    numberArrayLiteral(buckets.map((b) => b.bucket)),
    nullableNumberArrayLiteral(buckets.map((b) => b.low?.value)),
    nullableNumberArrayLiteral(buckets.map((b) => b.low?.step)),
    nullableNumberArrayLiteral(buckets.map((b) => b.low?.timestamp)),
    nullableNumberArrayLiteral(buckets.map((b) => b.high?.value)),
    nullableNumberArrayLiteral(buckets.map((b) => b.high?.step)),
    nullableNumberArrayLiteral(buckets.map((b) => b.high?.timestamp)),
    numberArrayLiteral(buckets.map((b) => b.last.step)),
    numberArrayLiteral(buckets.map((b) => b.last.timestamp)),
    numberArrayLiteral(buckets.map((b) => b.last.value)),
    textArrayLiteral(latest.map((m) => m.key)),
    numberArrayLiteral(latest.map((m) => m.step)),
    numberArrayLiteral(latest.map((m) => m.timestamp)),
    numberArrayLiteral(latest.map((m) => m.value)),
  ];
}

export type CheckedRun = { teamId: string; lifecycleStage: string; written: boolean };

/**
 * Metric points for a run in ONE statement (atomic without a transaction), written only if
 * the run is active and belongs to one of `writableTeamIds`. Returns the run's team and state
 * (undefined when it does not exist) for the caller to authorize, and whether it wrote.
 * `runId` must be a well-formed run id (char(32) would truncate a longer one).
 */
export async function writeMetricsChecked(runId: string, metrics: readonly ValidMetric[], writableTeamIds: readonly string[]): Promise<CheckedRun | undefined> {
  const values = [...metricValues(runId, metrics), writableTeamIds];
  try {
    const { rows } = await pool().query<CheckedRun>({ ...INSERT_NEW_METRICS_CHECKED, values });
    return rows[0];
  } catch (error) {
    // A retried batch, or one repeating a point: nothing of it was written; again, tolerant.
    if (!isStoredPointConflict(error)) throw error;
    const { rows } = await pool().query<CheckedRun>({ ...INSERT_METRICS_CHECKED, values });
    return rows[0];
  }
}

function isStoredPointConflict(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && constraint === 'metric_points_pkey';
}
