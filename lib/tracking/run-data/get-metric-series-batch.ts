// Many metric series for a page of charts (several metrics of up to 100 runs: the project
// page's panels, the compare view's overlays) in a fixed number of queries, whatever the
// number of series: one authorizes every run, one reads every series' outline (its size from
// the coarsest metric_buckets level, its first point and last step from the two ends of the
// metric_points primary key), then one reads the points of the short series and of the series
// of short step ranges (level 0: read-series-points.ts picks those) while another downsamples
// all the others from their buckets: the same groups and picks as the single-series reader
// (get-metric-history-downsampled.ts), for every series in one statement.
import { z } from 'zod';
import { authorizeRow, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { query } from '../../db/sql.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { BUCKET_SHIFTS } from './metric-buckets.ts';
import { chartLevel, maxPointsSchema, MAX_RUNS_PER_CHART, toPoint, type ChartLevel, type DownsampledSeries, type PointRow } from './get-metric-history-downsampled.ts';
import { pickChartPoints, readSeriesPoints, toMetricViews } from './read-series-points.ts';

export const MAX_KEYS_PER_BATCH = 20;

const batchInput = z.object({
  runIds: z.array(z.string()).min(1, 'runIds must not be empty').max(MAX_RUNS_PER_CHART, `At most ${MAX_RUNS_PER_CHART} runs per request`),
  keys: z.array(z.string().min(1, 'a metric key must not be empty').max(1000)).min(1, 'keys must not be empty').max(MAX_KEYS_PER_BATCH, `At most ${MAX_KEYS_PER_BATCH} metrics per request`),
  maxPoints: maxPointsSchema,
});

const COARSEST_SHIFT = BUCKET_SHIFTS[BUCKET_SHIFTS.length - 1];

// Series n = (run_id, key) pairs in order; char(32) so the lookups use the primary keys.
const OUTLINES = `
SELECT s.n::int AS n,
       (SELECT coalesce(sum(b.count), 0) FROM metric_buckets b
         WHERE b.run_id = s.run_id AND b.key = s.key AND b.shift = ${COARSEST_SHIFT})::int8 AS total,
       f.step AS first_step, f.timestamp AS first_timestamp, f.value AS first_value, l.step AS last_step
  FROM unnest($1::char(32)[], $2::text[]) WITH ORDINALITY AS s(run_id, key, n)
  LEFT JOIN LATERAL (SELECT step, timestamp, value FROM metric_points m WHERE m.run_id = s.run_id AND m.key = s.key
                      ORDER BY step, timestamp, value LIMIT 1) f ON true
  LEFT JOIN LATERAL (SELECT step FROM metric_points m WHERE m.run_id = s.run_id AND m.key = s.key
                      ORDER BY step DESC, timestamp DESC, value DESC LIMIT 1) l ON true`;

// FROM_BUCKETS of get-metric-history-downsampled.ts for many series at once: each series has
// its own level, first bucket, group count and span (see chartLevel) and first point.
const FROM_BUCKETS = `
WITH s AS (
  SELECT * FROM unnest($1::char(32)[], $2::text[], $3::int4[], $4::int2[], $5::int8[], $6::int8[], $7::numeric[], $8::int8[], $9::int8[], $10::float8[])
    AS s(run_id, key, n, shift, first_bucket, groups, span, first_step, first_timestamp, first_value)
), summary AS (
  SELECT s.n, div((b.bucket - s.first_bucket)::numeric * s.groups, s.span) AS grp,
         b.min_value, b.min_step, b.min_timestamp, b.max_value, b.max_step, b.max_timestamp, b.last_step, b.last_timestamp, b.last_value
    FROM s JOIN metric_buckets b ON b.run_id = s.run_id AND b.key = s.key AND b.shift = s.shift
), picked AS (
  (SELECT DISTINCT ON (n, grp) n, min_step AS step, min_timestamp AS timestamp, min_value AS value
     FROM summary WHERE min_value IS NOT NULL ORDER BY n, grp, min_value, min_step, min_timestamp)
  UNION
  (SELECT DISTINCT ON (n, grp) n, max_step, max_timestamp, max_value
     FROM summary WHERE max_value IS NOT NULL ORDER BY n, grp, max_value DESC, max_step, max_timestamp)
  UNION
  (SELECT DISTINCT ON (n, grp) n, last_step, last_timestamp, last_value
     FROM summary ORDER BY n, grp, last_step DESC, last_timestamp DESC, last_value DESC)
  UNION
  SELECT n, first_step, first_timestamp, first_value FROM s
)
SELECT n::int AS n, step, timestamp, value FROM picked ORDER BY n, step, timestamp, value`;

type OutlineRow = { n: number; total: string; first_step: string | null; first_timestamp: string | null; first_value: number | null; last_step: string | null };
type NumberedPoint = PointRow & { n: number };

/** Series for every (run, key) pair, runs in the order of `runIds`, keys in the order of `keys` within a run. */
export async function getMetricSeriesBatch(principal: Principal, input: z.input<typeof batchInput>): Promise<DownsampledSeries[]> {
  const parsed = parseInput(batchInput, input);
  const runs = [...new Set(parsed.runIds)];
  const found = await db.run.findMany({ where: { id: { in: runs } }, select: { id: true, teamId: true } });
  const teamOf = new Map(found.map((run) => [run.id, run.teamId]));
  for (const runId of runs) authorizeRow(principal, 'team:read', teamOf.get(runId), 'Run', runId);
  return readSeries(runs, parsed.keys, parsed.maxPoints);
}

/**
 * The same for runs the caller already read through an authorized path (the Run objects of a
 * comparison, each authorized by compareRuns): no second authorization query on the way to
 * the charts.
 */
export function readRunsSeries(input: z.input<typeof batchInput>): Promise<DownsampledSeries[]> {
  const parsed = parseInput(batchInput, input);
  return readSeries([...new Set(parsed.runIds)], parsed.keys, parsed.maxPoints);
}

async function readSeries(runs: readonly string[], keys: readonly string[], maxPoints: number): Promise<DownsampledSeries[]> {
  const metricKeys = [...new Set(keys)];
  const pairs = runs.flatMap((runId) => metricKeys.map((key) => ({ runId, key })));
  const outlines = await query<OutlineRow>(OUTLINES, [pairs.map((p) => p.runId), pairs.map((p) => p.key)]);
  const series: DownsampledSeries[] = pairs.map((pair) => ({ ...pair, points: [], totalPoints: 0, downsampled: false }));
  // Read from the points: short series whole (`level` undefined), short step ranges picked at level 0.
  const fromPoints: { n: number; level?: ChartLevel }[] = [];
  const fromBuckets: { n: number; outline: OutlineRow; level: ChartLevel }[] = [];
  for (const outline of outlines) {
    const total = Number(outline.total);
    series[outline.n - 1].totalPoints = total;
    if (outline.first_step === null) continue; // no points
    if (total <= maxPoints) {
      fromPoints.push({ n: outline.n });
      continue;
    }
    series[outline.n - 1].downsampled = true;
    const level = chartLevel(BigInt(outline.first_step), BigInt(outline.last_step!), maxPoints, total);
    if (level.shift === 0) fromPoints.push({ n: outline.n, level });
    else fromBuckets.push({ n: outline.n, outline, level });
  }

  const [points, reduced] = await Promise.all([
    readSeriesPoints(fromPoints.map(({ n, level }) => ({ ...pairs[n - 1], limit: level ? null : maxPoints }))),
    fromBuckets.length === 0
      ? Promise.resolve([] as NumberedPoint[])
      : query<NumberedPoint>(FROM_BUCKETS, [
          fromBuckets.map(({ n }) => pairs[n - 1].runId),
          fromBuckets.map(({ n }) => pairs[n - 1].key),
          fromBuckets.map(({ n }) => n),
          fromBuckets.map(({ level }) => level.shift),
          fromBuckets.map(({ level }) => level.firstBucket.toString()),
          fromBuckets.map(({ level }) => level.groups.toString()),
          fromBuckets.map(({ level }) => level.span.toString()),
          fromBuckets.map(({ outline }) => outline.first_step),
          fromBuckets.map(({ outline }) => outline.first_timestamp),
          fromBuckets.map(({ outline }) => outline.first_value),
        ]),
  ]);
  fromPoints.forEach(({ n, level }, i) => {
    const one = series[n - 1];
    one.points = toMetricViews(one.key, points[i], level && pickChartPoints(points[i], level));
    // A series whose buckets are missing reads as short; its total is then what was read.
    if (!level && one.totalPoints === 0) one.totalPoints = one.points.length;
  });
  for (const row of reduced) series[row.n - 1].points.push(toPoint(series[row.n - 1].key, row));
  return series;
}
