// A metric series reduced for charts, server-side: the step range is cut into at most
// (maxPoints - 1) / 3 groups; each group keeps its lowest point, its highest point and its
// last point, and the series' first point is always kept, so spikes and the current value
// survive any zoom level. Groups are runs of consecutive metric_buckets rows (kept by
// ingestion, metric-buckets.ts), so a chart of a 1M-point series reads a few hundred summary
// rows, not the points. Series of at most maxPoints points come back whole.
import { z } from 'zod';
import { authorizeRow, type Principal } from '../../authz/index.ts';
import { singleFlight } from '../../runtime/single-flight.ts';
import { db } from '../../db/client.ts';
import { query } from '../../db/sql.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { loadRunFor } from '../runs/load-run-for.ts';
import type { MetricView } from '../runs/run-view.ts';
import { BUCKET_SHIFTS } from './metric-buckets.ts';
import { pickChartPoints, readSeriesPoints, toMetricViews } from './read-series-points.ts';

const COARSEST_SHIFT = BUCKET_SHIFTS[BUCKET_SHIFTS.length - 1];

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

export const maxPointsSchema = z
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

// The series' size and ends: the total from the coarsest buckets (a few rows), the first and
// last point from the two ends of the metric_points primary key (no scan).
const OUTLINE = `
SELECT (SELECT coalesce(sum(count), 0)::int8 FROM metric_buckets
         WHERE run_id = $1 AND key = $2 AND shift = ${COARSEST_SHIFT}) AS total,
       f.step AS first_step, f.timestamp AS first_timestamp, f.value AS first_value, l.step AS last_step
  FROM (SELECT step, timestamp, value FROM metric_points WHERE run_id = $1 AND key = $2
         ORDER BY step, timestamp, value LIMIT 1) f
 CROSS JOIN (SELECT step FROM metric_points WHERE run_id = $1 AND key = $2
         ORDER BY step DESC, timestamp DESC, value DESC LIMIT 1) l`;

// One index range scan of the chosen level's buckets (level 0, the points themselves, is read
// and picked in read-series-points.ts). Consecutive buckets fold into $5 groups (group =
// (bucket - $4) * $5 / $6, exact in numeric), and each group keeps its lowest, highest and
// last point under the orders metric-buckets.ts defines, plus the series' first point
// ($7..$9). UNION drops points picked twice.
const FROM_BUCKETS = `
WITH summary AS (
  SELECT div((bucket - $4::int8)::numeric * $5::int8, $6::numeric) AS grp,
         min_value, min_step, min_timestamp, max_value, max_step, max_timestamp, last_step, last_timestamp, last_value
    FROM metric_buckets WHERE run_id = $1 AND key = $2 AND shift = $3
), picked AS (
  (SELECT DISTINCT ON (grp) min_step AS step, min_timestamp AS timestamp, min_value AS value
     FROM summary WHERE min_value IS NOT NULL ORDER BY grp, min_value, min_step, min_timestamp)
  UNION
  (SELECT DISTINCT ON (grp) max_step, max_timestamp, max_value
     FROM summary WHERE max_value IS NOT NULL ORDER BY grp, max_value DESC, max_step, max_timestamp)
  UNION
  (SELECT DISTINCT ON (grp) last_step, last_timestamp, last_value
     FROM summary ORDER BY grp, last_step DESC, last_timestamp DESC, last_value DESC)
  UNION
  SELECT $7::int8, $8::int8, $9::float8
)
SELECT step, timestamp, value FROM picked ORDER BY step, timestamp, value`;

type OutlineRow = { total: string; first_step: string; first_timestamp: string; first_value: number; last_step: string };
export type PointRow = { step: string; timestamp: string; value: number };

/** Groups for `maxPoints`: each gives up to three points, plus the series' first point. */
export function bucketCount(maxPoints: number): number {
  return Math.max(1, Math.floor((maxPoints - 1) / 3));
}

export type ChartLevel = {
  /** The bucket level read (0: the points themselves). */
  shift: number;
  /** The first step's bucket at that level. */
  firstBucket: bigint;
  /** Buckets between the first and last step's, both included. */
  span: bigint;
  /** Groups the span folds into: bucket b is in group (b - firstBucket) * groups / span. */
  groups: bigint;
};

/** Level 0 (the points themselves) is read only while a group averages at most this many points. */
const POINTS_PER_GROUP_AT_LEVEL_0 = 64;

/**
 * The level a chart of steps [firstStep, lastStep] reads: the coarsest whose span still has at
 * least as many buckets as the chart has groups (so groups fill the budget, and the rows read
 * stay under 32x the groups). Under ~64 steps per group the finest buckets are too coarse (a
 * 500-step series would fold into 8 groups): then level 0, the points themselves, as long as
 * they are at most 64 per group; else the finest buckets (fewer groups than asked).
 */
export function chartLevel(firstStep: bigint, lastStep: bigint, maxPoints: number, totalPoints: number): ChartLevel {
  const wanted = BigInt(bucketCount(maxPoints));
  const shifts = totalPoints <= POINTS_PER_GROUP_AT_LEVEL_0 * Number(wanted) ? [0, ...BUCKET_SHIFTS] : [...BUCKET_SHIFTS];
  const levels = shifts.map((shift) => {
    const firstBucket = firstStep >> BigInt(shift);
    return { shift, firstBucket, span: (lastStep >> BigInt(shift)) - firstBucket + 1n };
  });
  const level = levels.findLast((l) => l.span >= wanted) ?? levels[0];
  return { ...level, groups: level.span < wanted ? level.span : wanted };
}

export const toPoint = (key: string, row: PointRow) => ({ key, value: row.value, timestamp: BigInt(row.timestamp), step: BigInt(row.step) });

/** One series reduced to at most maxPoints points; no authorization (callers authorize the run). */
export async function downsample(runId: string, key: string, maxPoints: number): Promise<DownsampledSeries> {
  const [outline] = await query<OutlineRow>(OUTLINE, [runId, key]);
  if (!outline) return { runId, key, points: [], totalPoints: 0, downsampled: false };
  const totalPoints = Number(outline.total);
  if (totalPoints <= maxPoints) {
    const [whole] = await readSeriesPoints([{ runId, key, limit: maxPoints }]);
    return { runId, key, points: toMetricViews(key, whole), totalPoints, downsampled: false };
  }
  const level = chartLevel(BigInt(outline.first_step), BigInt(outline.last_step), maxPoints, totalPoints);
  if (level.shift === 0) {
    const [points] = await readSeriesPoints([{ runId, key, limit: null }]);
    return { runId, key, points: toMetricViews(key, points, pickChartPoints(points, level)), totalPoints, downsampled: true };
  }
  const rows = await query<PointRow>(FROM_BUCKETS, [
    runId,
    key,
    level.shift,
    level.firstBucket.toString(),
    level.groups.toString(),
    level.span.toString(),
    outline.first_step,
    outline.first_timestamp,
    outline.first_value,
  ]);
  return { runId, key, points: rows.map((row) => toPoint(key, row)), totalPoints, downsampled: true };
}

/** Every open page of a live run asks for the same charts when the same event arrives: compute each once. */
const sharedDownsample = singleFlight<DownsampledSeries>();

/** One run's series for a chart, at most `maxPoints` points (default 1000). */
export async function getMetricHistoryDownsampled(
  principal: Principal,
  input: z.input<typeof seriesInput>,
): Promise<DownsampledSeries> {
  const { runId, key, maxPoints } = parseInput(seriesInput, input);
  const run = await loadRunFor(principal, runId, 'team:read');
  return readRunSeries(run.id, key, maxPoints);
}

/**
 * A chart series of a run the caller already read through an authorized path (a Run object
 * of the GraphQL response): no second authorization query per chart.
 */
export function readRunSeries(runId: string, key: string, maxPoints: number): Promise<DownsampledSeries> {
  const parsed = parseInput(seriesInput, { runId, key, maxPoints });
  return sharedDownsample(JSON.stringify([parsed.runId, parsed.key, parsed.maxPoints]), () => downsample(parsed.runId, parsed.key, parsed.maxPoints));
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
