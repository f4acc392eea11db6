// The points of many metric series straight from metric_points, in one statement: short
// series (drawn whole) and series of short step ranges (chartLevel's level 0, drawn from
// their points). Per series PostgreSQL packs the steps, timestamps and values into three
// binary columns (int8send/float8send: 8 bytes each, big-endian) in primary-key order (an
// index-only scan, no sort), which Node turns into typed arrays with one byte swap each,
// instead of a row, an object or a string per point: 100 runs x 2 metrics x 500 points took
// ~0.7 s as rows through three DISTINCT ON sorts; as comma-joined text ~0.07 s, most of it
// PostgreSQL formatting doubles and Node splitting and collecting 300,000 strings.
// `pickChartPoints` then keeps, per group, the lowest, highest and last point: the picks
// FROM_BUCKETS (get-metric-history-downsampled.ts) makes from buckets, made here from points.
import { query } from '../../db/sql.ts';
import type { MetricView } from '../runs/run-view.ts';
import type { ChartLevel } from './get-metric-history-downsampled.ts';

/** A series' points in (step, timestamp, value) order, exact (int8 and float8 bit for bit). */
export type SeriesPoints = { steps: BigInt64Array; timestamps: BigInt64Array; values: Float64Array };

/** `limit` null: every point. */
export type SeriesToRead = { runId: string; key: string; limit: number | null };

// The limit only guards a series whose buckets are missing (see rebuildMetricBuckets).
const POINTS_PACKED = `
SELECT s.n::int AS n, p.steps, p.timestamps, p.vals
  FROM unnest($1::char(32)[], $2::text[], $3::int8[]) WITH ORDINALITY AS s(run_id, key, lim, n)
 CROSS JOIN LATERAL (
   SELECT string_agg(int8send(step), ''::bytea ORDER BY step, timestamp, value) AS steps,
          string_agg(int8send(timestamp), ''::bytea ORDER BY step, timestamp, value) AS timestamps,
          string_agg(float8send(value), ''::bytea ORDER BY step, timestamp, value) AS vals
     FROM (SELECT step, timestamp, value FROM metric_points m WHERE m.run_id = s.run_id AND m.key = s.key
            ORDER BY step, timestamp, value LIMIT s.lim) q) p`;

type PackedRow = { n: number; steps: Buffer | null; timestamps: Buffer | null; vals: Buffer | null };

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** 8-byte big-endian words (PostgreSQL's send format) in this machine's order, in a buffer of their own (typed arrays need 8-byte alignment). */
function wordsOf(packed: Buffer): ArrayBuffer {
  const words = new Uint8Array(packed.length);
  words.set(packed);
  if (LITTLE_ENDIAN) Buffer.from(words.buffer).swap64();
  return words.buffer;
}

const EMPTY: SeriesPoints = { steps: new BigInt64Array(0), timestamps: new BigInt64Array(0), values: new Float64Array(0) };

/** The points of each series, in the order asked. */
export async function readSeriesPoints(series: readonly SeriesToRead[]): Promise<SeriesPoints[]> {
  if (series.length === 0) return [];
  const rows = await query<PackedRow>(POINTS_PACKED, [series.map((s) => s.runId), series.map((s) => s.key), series.map((s) => s.limit)]);
  const read: SeriesPoints[] = series.map(() => EMPTY);
  for (const row of rows) {
    if (row.steps === null) continue;
    read[row.n - 1] = { steps: new BigInt64Array(wordsOf(row.steps)), timestamps: new BigInt64Array(wordsOf(row.timestamps!)), values: new Float64Array(wordsOf(row.vals!)) };
  }
  return read;
}

const EXACT = 2n ** 52n;

/**
 * The group of a step at level 0: (step - firstBucket) * groups / span, rounded down. In
 * doubles while every operand and product stays under 2^52 (then the quotient's floor is
 * exact), else in BigInt.
 */
function groupOfStep(level: ChartLevel, steps: BigInt64Array): (i: number) => number {
  const { firstBucket, groups, span } = level;
  if (level.shift !== 0) throw new Error('groups of points are read at level 0 only');
  if (span * groups <= EXACT && firstBucket >= -EXACT && firstBucket + span <= EXACT) {
    const first = Number(firstBucket);
    const count = Number(groups);
    const width = Number(span);
    // Each step as a double from its two 32-bit halves (exact under 2^52), not a BigInt per read.
    const halves = new Int32Array(steps.buffer, steps.byteOffset, steps.length * 2);
    const [low, high] = LITTLE_ENDIAN ? [0, 1] : [1, 0];
    return (i) => Math.floor(((halves[2 * i + high] * 4294967296 + (halves[2 * i + low] >>> 0) - first) * count) / width);
  }
  return (i) => Number(((steps[i] - firstBucket) * groups) / span);
}

/**
 * Indices (ascending) of the points a chart keeps at level 0: per group its lowest and its
 * highest point (NaN left out; the earliest on ties) and its last point, and the series' first
 * point; each point counts as a bucket of its own, as FROM_BUCKETS counts buckets.
 */
export function pickChartPoints(points: Pick<SeriesPoints, 'steps' | 'values'>, level: ChartLevel): number[] {
  const { steps, values } = points;
  if (steps.length === 0) return [];
  const groupOf = groupOfStep(level, steps);
  const keep = new Uint8Array(steps.length);
  keep[0] = 1;
  let group = groupOf(0);
  let lowest = -1;
  let highest = -1;
  const close = (last: number) => {
    keep[last] = 1;
    if (lowest >= 0) keep[lowest] = keep[highest] = 1;
  };
  for (let i = 0; i < steps.length; i++) {
    const g = groupOf(i);
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
  const at = (i: number): MetricView => ({ key, value: points.values[i], timestamp: points.timestamps[i], step: points.steps[i] });
  return indices ? indices.map(at) : Array.from({ length: points.values.length }, (_, i) => at(i));
}
