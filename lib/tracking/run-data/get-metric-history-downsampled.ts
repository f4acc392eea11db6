// A metric series reduced for charts, server-side, in one SQL statement: the step range is
// cut into at most (maxPoints - 1) / 3 buckets; each bucket keeps its lowest point, its
// highest point and its last point, and the series' first point is always kept, so spikes
// and the current value survive any zoom level. Series of at most maxPoints points come back
// whole.
import { z } from 'zod';
import { authorizeRow, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { query } from '../../db/sql.ts';
import { badInput } from '../../errors.ts';
import { parseInput } from '../projects/project-input.ts';
import { loadRunFor } from '../runs/load-run-for.ts';
import type { MetricView } from '../runs/run-view.ts';

export const DEFAULT_CHART_POINTS = 1000;
export const MAX_CHART_POINTS = 100_000;
/** Runs per bulk request, as MLflow's get-history-bulk caps them. */
export const MAX_RUNS_PER_CHART = 100;

export type DownsampledSeries = {
  runId: string;
  key: string;
  points: MetricView[];
  /** Points stored for the series. */
  totalPoints: number;
  /** True when `points` is a reduction of the series, false when it is the whole series. */
  downsampled: boolean;
};

const maxPointsSchema = z
  .number()
  .int()
  .min(4, 'maxPoints must be at least 4 (first, lowest, highest and last point)')
  .max(MAX_CHART_POINTS, `maxPoints must be at most ${MAX_CHART_POINTS}`)
  .nullish()
  .transform((n) => n ?? DEFAULT_CHART_POINTS);

const seriesInput = z.object({ runId: z.string(), key: z.string().min(1, 'key must not be empty'), maxPoints: maxPointsSchema });
const bulkInput = z.object({
  runIds: z.array(z.string()).min(1, 'runIds must not be empty').max(MAX_RUNS_PER_CHART, `At most ${MAX_RUNS_PER_CHART} runs per request`),
  key: z.string().min(1, 'key must not be empty'),
  maxPoints: maxPointsSchema,
});

// bounds: first and last step from the two ends of the primary-key index (no scan); the
// bucket width makes at most $3 buckets. buckets: per bucket, one index range scan with
// plain aggregates (count, min, max), cheaper per row than grouping the whole series by a
// computed bucket (measured 1.7x). Then, per bucket, index probes inside its step range find
// the points carrying its min and max value and its last point. UNION drops points picked
// twice. Series of at most $4 points are returned whole instead (the gates are one-time
// filters: the branch not taken is not scanned).
const DOWNSAMPLE = `
WITH bounds AS MATERIALIZED (
  SELECT lo, (hi - lo) / $3::int8 + 1 AS width
    FROM (SELECT (SELECT step FROM metric_points WHERE run_id = $1 AND key = $2 ORDER BY step LIMIT 1) AS lo,
                 (SELECT step FROM metric_points WHERE run_id = $1 AND key = $2 ORDER BY step DESC LIMIT 1) AS hi) ends
), buckets AS MATERIALIZED (
  SELECT r.s0, r.s1, a.n, a.low, a.high
    FROM bounds b
   CROSS JOIN generate_series(0, $3::int8 - 1) AS k
   CROSS JOIN LATERAL (SELECT b.lo + k * b.width AS s0, b.lo + k * b.width + (b.width - 1) AS s1) r
   CROSS JOIN LATERAL (
     SELECT count(*) AS n, min(value) AS low, max(value) AS high FROM metric_points
      WHERE run_id = $1 AND key = $2 AND step BETWEEN r.s0 AND r.s1
   ) a
   WHERE b.lo IS NOT NULL AND a.n > 0
), total AS MATERIALIZED (
  SELECT coalesce(sum(n), 0)::int8 AS n FROM buckets
), picked AS (
  (SELECT step, timestamp, value FROM metric_points
    WHERE run_id = $1 AND key = $2 AND (SELECT n FROM total) > $4
    ORDER BY step, timestamp, value LIMIT 1)
  UNION
  SELECT x.step, x.timestamp, x.value
    FROM buckets k
   CROSS JOIN LATERAL (
     (SELECT step, timestamp, value FROM metric_points
       WHERE run_id = $1 AND key = $2 AND step BETWEEN k.s0 AND k.s1 AND value = k.low
       ORDER BY step, timestamp, value LIMIT 1)
     UNION ALL
     (SELECT step, timestamp, value FROM metric_points
       WHERE run_id = $1 AND key = $2 AND step BETWEEN k.s0 AND k.s1 AND value = k.high
       ORDER BY step, timestamp, value LIMIT 1)
     UNION ALL
     (SELECT step, timestamp, value FROM metric_points
       WHERE run_id = $1 AND key = $2 AND step BETWEEN k.s0 AND k.s1
       ORDER BY step DESC, timestamp DESC, value DESC LIMIT 1)
   ) x
   WHERE (SELECT n FROM total) > $4
  UNION
  SELECT step, timestamp, value FROM metric_points
   WHERE run_id = $1 AND key = $2 AND (SELECT n FROM total) <= $4
)
SELECT p.step, p.timestamp, p.value, t.n AS total
  FROM total t LEFT JOIN picked p ON true
 ORDER BY p.step, p.timestamp, p.value`;

type Row = { step: string | null; timestamp: string | null; value: number | null; total: string };

/** Buckets for `maxPoints`: each gives up to three points, plus the series' first point. */
export function bucketCount(maxPoints: number): number {
  return Math.max(1, Math.floor((maxPoints - 1) / 3));
}

async function downsample(runId: string, key: string, maxPoints: number): Promise<DownsampledSeries> {
  let rows: Row[];
  try {
    rows = await query<Row>(DOWNSAMPLE, [runId, key, bucketCount(maxPoints), maxPoints]);
  } catch (error) {
    // Steps spanning more than the int64 range between first and last cannot be bucketed.
    if ((error as { code?: string }).code === '22003') {
      throw badInput(`The steps of metric '${key}' span too wide a range to downsample; page through its full history instead.`);
    }
    throw error;
  }
  const totalPoints = Number(rows[0]?.total ?? 0);
  const points = rows
    .filter((row) => row.step !== null)
    .map((row) => ({ key, value: row.value!, timestamp: BigInt(row.timestamp!), step: BigInt(row.step!) }));
  return { runId, key, points, totalPoints, downsampled: totalPoints > maxPoints };
}

/** One run's series for a chart, at most `maxPoints` points (default 1000). */
export async function getMetricHistoryDownsampled(
  principal: Principal,
  input: z.input<typeof seriesInput>,
): Promise<DownsampledSeries> {
  const { runId, key, maxPoints } = parseInput(seriesInput, input);
  const run = await loadRunFor(principal, runId, 'team:read');
  return downsample(run.id, key, maxPoints);
}

/**
 * The same series of many runs (charts comparing runs), in the order of `runIds`. All runs
 * are authorized with one query; any run missing or not readable is NOT_FOUND.
 */
export async function getMetricHistoriesDownsampled(
  principal: Principal,
  input: z.input<typeof bulkInput>,
): Promise<DownsampledSeries[]> {
  const { runIds, key, maxPoints } = parseInput(bulkInput, input);
  const unique = [...new Set(runIds)];
  const runs = await db.run.findMany({ where: { id: { in: unique } }, select: { id: true, teamId: true } });
  const teamOf = new Map(runs.map((run) => [run.id, run.teamId]));
  for (const runId of unique) authorizeRow(principal, 'team:read', teamOf.get(runId), 'Run', runId);
  const series = new Map<string, Promise<DownsampledSeries>>(unique.map((runId) => [runId, downsample(runId, key, maxPoints)]));
  return Promise.all(runIds.map((runId) => series.get(runId)!));
}
