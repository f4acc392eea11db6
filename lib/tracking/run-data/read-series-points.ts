// The points of many metric series straight from metric_points, in one statement: short
// series (drawn whole) and series of short step ranges (chartLevel's level 0, drawn from
// their points). Per series PostgreSQL joins the steps, timestamps and values into three
// comma-separated texts in primary-key order (an index-only scan, no sort), which Node splits,
// instead of sending a row per point and building an object for each (100 runs x 2 metrics x
// 500 points took ~0.7 s as rows through three DISTINCT ON sorts; ~0.07 s so).
// `pickChartPoints` then keeps, per group, the lowest, highest and last point: the picks
// FROM_BUCKETS (get-metric-history-downsampled.ts) makes from buckets, made here from points.
import { query } from '../../db/sql.ts';
import type { MetricView } from '../runs/run-view.ts';
import type { ChartLevel } from './get-metric-history-downsampled.ts';

/** A series' points in (step, timestamp, value) order; steps and timestamps as int8 text. */
export type SeriesPoints = { steps: string[]; timestamps: string[]; values: number[] };

/** `limit` null: every point. */
export type SeriesToRead = { runId: string; key: string; limit: number | null };

// float8 text is exact (shortest round-trip form, extra_float_digits 1) and Number() reads
// NaN, Infinity and -Infinity as PostgreSQL writes them. The limit only guards a series whose
// buckets are missing (see rebuildMetricBuckets).
const POINTS_AS_TEXT = `
SELECT s.n::int AS n, p.steps, p.timestamps, p.vals
  FROM unnest($1::char(32)[], $2::text[], $3::int8[]) WITH ORDINALITY AS s(run_id, key, lim, n)
 CROSS JOIN LATERAL (
   SELECT string_agg(step::text, ',' ORDER BY step, timestamp, value) AS steps,
          string_agg(timestamp::text, ',' ORDER BY step, timestamp, value) AS timestamps,
          string_agg(value::text, ',' ORDER BY step, timestamp, value) AS vals
     FROM (SELECT step, timestamp, value FROM metric_points m WHERE m.run_id = s.run_id AND m.key = s.key
            ORDER BY step, timestamp, value LIMIT s.lim) q) p`;

type TextRow = { n: number; steps: string | null; timestamps: string | null; vals: string | null };

/** The points of each series, in the order asked. */
export async function readSeriesPoints(series: readonly SeriesToRead[]): Promise<SeriesPoints[]> {
  if (series.length === 0) return [];
  const rows = await query<TextRow>(POINTS_AS_TEXT, [series.map((s) => s.runId), series.map((s) => s.key), series.map((s) => s.limit)]);
  const read: SeriesPoints[] = series.map(() => ({ steps: [], timestamps: [], values: [] }));
  for (const row of rows) {
    if (row.steps === null) continue;
    read[row.n - 1] = { steps: row.steps.split(','), timestamps: row.timestamps!.split(','), values: row.vals!.split(',').map(Number) };
  }
  return read;
}

const EXACT = 2n ** 52n;

/**
 * The group of a step at level 0: (step - firstBucket) * groups / span, rounded down. In
 * doubles while every operand and product stays under 2^52 (then the quotient's floor is
 * exact), else in BigInt.
 */
function groupOfStep(level: ChartLevel): (step: string) => number {
  const { firstBucket, groups, span } = level;
  if (level.shift !== 0) throw new Error('groups of points are read at level 0 only');
  if (span * groups <= EXACT && firstBucket >= -EXACT && firstBucket + span <= EXACT) {
    const first = Number(firstBucket);
    const count = Number(groups);
    const width = Number(span);
    return (step) => Math.floor(((Number(step) - first) * count) / width);
  }
  return (step) => Number(((BigInt(step) - firstBucket) * groups) / span);
}

/**
 * Indices (ascending) of the points a chart keeps at level 0: per group its lowest and its
 * highest point (NaN left out; the earliest on ties) and its last point, and the series' first
 * point; each point counts as a bucket of its own, as FROM_BUCKETS counts buckets.
 */
export function pickChartPoints(points: Pick<SeriesPoints, 'steps' | 'values'>, level: ChartLevel): number[] {
  const { steps, values } = points;
  if (steps.length === 0) return [];
  const groupOf = groupOfStep(level);
  const keep = new Uint8Array(steps.length);
  keep[0] = 1;
  let group = groupOf(steps[0]);
  let lowest = -1;
  let highest = -1;
  const close = (last: number) => {
    keep[last] = 1;
    if (lowest >= 0) keep[lowest] = keep[highest] = 1;
  };
  for (let i = 0; i < steps.length; i++) {
    const g = groupOf(steps[i]);
    if (g !== group) {
      close(i - 1);
      group = g;
      lowest = highest = -1;
    }
    const value = values[i];
    if (Number.isNaN(value)) continue;
    if (lowest < 0 || value < values[lowest]) lowest = i;
    if (highest < 0 || value > values[highest]) highest = i;
  }
  close(steps.length - 1);
  const picked: number[] = [];
  keep.forEach((kept, i) => kept && picked.push(i));
  return picked;
}

/** The points (all, or those at `indices`) as the history readers return them. */
export function toMetricViews(key: string, points: SeriesPoints, indices?: readonly number[]): MetricView[] {
  const at = (i: number): MetricView => ({ key, value: points.values[i], timestamp: BigInt(points.timestamps[i]), step: BigInt(points.steps[i]) });
  return indices ? indices.map(at) : points.values.map((_, i) => at(i));
}
