// metric_buckets: each metric series summarised per bucket of 2^shift steps (bucket =
// step >> shift, a floor also for negative steps) at a few shifts. Ingestion keeps them in the
// statement that inserts the points (metrics-statement.ts); charts read them instead of scanning
// the series (get-metric-history-downsampled.ts).
//
// What a bucket keeps, and how NaN counts:
// - count: the points stored in the bucket, NaN included;
// - min_* / max_*: the point carrying the lowest / highest value, the earliest by (step,
//   timestamp) on ties. NaN is left out (null when the bucket holds only NaN): it is not a
//   value a chart can draw (MLflow's charts skip it), and PostgreSQL would rank it above
//   every number and so hide the real maximum. ±Infinity are ordered values and do count;
// - last_*: the bucket's last point in metric_points order (step, timestamp, value, NaN
//   above every number as PostgreSQL orders float8), whatever its value: the current value.
// Every summary merges by keeping the better of two candidates under these orders, so merging
// a point twice changes nothing; only `count` must see each stored point once.

/**
 * Bucket widths kept, as shifts (64, 2048 and 65,536 steps), 32x apart: a chart finds a level
 * with at most 32x the rows it needs, and folds consecutive buckets into its groups. Short step
 * ranges (under ~64 steps per group) get fewer groups than asked; a 1e9-step range still reads
 * ~15k rows. Measured on the ingest bench (10 keys x 100 steps per batch): these three levels
 * cost a few percent of throughput; adding a 16-step level cost ~9% more.
 */
export const BUCKET_SHIFTS = [6, 11, 16] as const;

export type SeriesPoint = { step: bigint; timestamp: bigint; value: number };

export type BucketSummary = {
  key: string;
  shift: number;
  bucket: bigint;
  /** Lowest non-NaN value, absent when the bucket's points are all NaN. */
  low?: SeriesPoint;
  high?: SeriesPoint;
  last: SeriesPoint;
};

/** PostgreSQL's float8 order: NaN equals NaN and sorts above every number. */
function compareFloat8(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const earlier = (a: SeriesPoint, b: SeriesPoint) => a.step < b.step || (a.step === b.step && a.timestamp < b.timestamp);

/** The lower of two min candidates: lower value, then earlier point. */
function lowerOf(a: SeriesPoint | undefined, b: SeriesPoint | undefined): SeriesPoint | undefined {
  if (!a || !b) return a ?? b;
  return b.value < a.value || (b.value === a.value && earlier(b, a)) ? b : a;
}

function higherOf(a: SeriesPoint | undefined, b: SeriesPoint | undefined): SeriesPoint | undefined {
  if (!a || !b) return a ?? b;
  return b.value > a.value || (b.value === a.value && earlier(b, a)) ? b : a;
}

function laterOf(a: SeriesPoint, b: SeriesPoint): SeriesPoint {
  const later = b.step !== a.step ? b.step > a.step : b.timestamp !== a.timestamp ? b.timestamp > a.timestamp : compareFloat8(b.value, a.value) > 0;
  return later ? b : a;
}

function merge(into: BucketSummary, from: Pick<BucketSummary, 'low' | 'high' | 'last'>): void {
  into.low = lowerOf(into.low, from.low);
  into.high = higherOf(into.high, from.high);
  into.last = laterOf(into.last, from.last);
}

/**
 * min/max/last of a batch's points per (key, shift, bucket), one summary each. Computed here
 * from the whole batch, points already stored included: merging is idempotent, so that is
 * harmless, and it spares the database three sorts per batch. The finest level comes from the
 * points, each coarser one from the level below.
 */
export function summarizeBuckets(points: readonly (SeriesPoint & { key: string })[]): BucketSummary[] {
  const [finest, ...coarser] = BUCKET_SHIFTS;
  const byKey = new Map<string, Map<bigint, BucketSummary>>();
  const finestShift = BigInt(finest);
  for (const point of points) {
    let buckets = byKey.get(point.key);
    if (!buckets) byKey.set(point.key, (buckets = new Map()));
    const bucket = point.step >> finestShift;
    const own = { low: Number.isNaN(point.value) ? undefined : point, high: Number.isNaN(point.value) ? undefined : point, last: point };
    const summary = buckets.get(bucket);
    if (summary) merge(summary, own);
    else buckets.set(bucket, { key: point.key, shift: finest, bucket, ...own });
  }

  const summaries: BucketSummary[] = [];
  for (const fine of byKey.values()) {
    summaries.push(...fine.values());
    let level = fine;
    let levelShift: number = finest;
    for (const shift of coarser) {
      const up = BigInt(shift - levelShift);
      const next = new Map<bigint, BucketSummary>();
      for (const summary of level.values()) {
        const bucket = summary.bucket >> up;
        const existing = next.get(bucket);
        if (existing) merge(existing, summary);
        else next.set(bucket, { ...summary, shift, bucket });
      }
      summaries.push(...next.values());
      level = next;
      levelShift = shift;
    }
  }
  return summaries;
}
