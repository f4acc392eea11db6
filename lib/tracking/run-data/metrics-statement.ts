// The one statement that writes metric points: the points, their chart buckets and each
// series' latest value, for one run or for several runs at once (concurrent requests grouped
// by write-metrics-checked.ts). No authorization here beyond the guard the caller passes.
import type { ValidMetric } from '../validation.ts';
import { BUCKET_SHIFTS, summarizeBuckets } from './metric-buckets.ts';

/** One run's points. `writableTeamIds`: the teams where the caller may write runs (guarded statements only). */
export type MetricWrite = { runId: string; metrics: readonly ValidMetric[]; writableTeamIds?: readonly string[] };

/** What a statement reports per run it found (a missing run has no row). */
export type WrittenRun = { runId: string; teamId: string; lifecycleStage: string; written: boolean };

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

// $1 holds the runs (distinct), and every other array's rows name theirs by position in $1
// (`n`, from 1), so several runs' points share one statement and one commit.
//
// Points go in with ON CONFLICT DO NOTHING on the full primary key, so a retried batch adds
// nothing. Buckets (metric-buckets.ts) are kept in the same statement: counts from the points
// this statement really inserted (RETURNING), so a retry counts nothing twice; min/max/last
// from the batch's summaries computed in JS ($7..$19), which merge idempotently. Buckets
// nothing was inserted into are not touched. The batch's best point per key ($20..$24,
// latestPerKey) replaces the stored latest only when it ranks strictly higher. Rows are
// locked in (run, key) order so concurrent statements cannot deadlock.
//
// The runs are read with a key-share lock, taken once per run: what the foreign key
// metric_points has not got would have taken for every point (a run being deleted waits for
// the statement, or the statement finds no run and writes nothing for it).
//
// Guarded (`checked`), a run's points are written only if it is active and in one of the
// teams its writer may write runs in ($25/$26: pairs of run and team, from lib/authz). Every
// statement returns each run found with its team, state and whether it was written: a
// metrics-only batch is then one round trip, the caller authorizing from what comes back
// (nothing was written for a run when that refuses).
//
// Without `tolerant`, the points insert has no ON CONFLICT clause: a new point (what a
// training loop sends) then skips the speculative insertion, about a third of the insert's
// cost, and a batch holding a point already stored fails whole with a unique violation on
// metric_points_pkey, for the caller to send again tolerant (writeMetricsChecked).
function insertMetricsSql(checked: boolean, tolerant: boolean): string {
  return `
WITH run AS (
  SELECT id, team_id, lifecycle_stage FROM runs WHERE id = ANY($1::char(32)[]) ORDER BY id FOR KEY SHARE
), writable AS (
  ${
    checked
      ? `SELECT run.id FROM run
    JOIN unnest($25::char(32)[], $26::text[]) AS w(run_id, team_id) ON w.run_id = run.id AND w.team_id = run.team_id
   WHERE run.lifecycle_stage = 'ACTIVE'`
      : 'SELECT id FROM run'
  }
), target AS (
  SELECT q.n, q.run_id FROM unnest($1::char(32)[]) WITH ORDINALITY AS q(run_id, n) WHERE q.run_id IN (SELECT id FROM writable)
), inserted AS (
  INSERT INTO metric_points (run_id, key, step, timestamp, value)
  SELECT q.run_id, t.key, t.step, t.timestamp, t.value
    FROM unnest($2::int4[], $3::text[], $4::int8[], $5::int8[], $6::float8[]) AS t(n, key, step, timestamp, value)
    JOIN target q USING (n)
   ORDER BY q.run_id, t.key, t.step, t.timestamp, t.value
  ${tolerant ? 'ON CONFLICT DO NOTHING' : ''}
  RETURNING run_id, key, step
), finest_counts AS (
  SELECT run_id, key, step >> ${FINEST_SHIFT} AS bucket, count(*) AS added FROM inserted GROUP BY run_id, key, bucket
), counts AS (
  SELECT c.run_id, c.key, s.shift, c.bucket >> (s.shift - ${FINEST_SHIFT}) AS bucket, sum(c.added)::int8 AS added
    FROM finest_counts c CROSS JOIN unnest(${SHIFTS_ARRAY}) AS s(shift)
   GROUP BY c.run_id, c.key, s.shift, 4
), summaries AS (
  SELECT q.run_id, b.key, b.shift, b.bucket, b.min_value, b.min_step, b.min_timestamp, b.max_value, b.max_step, b.max_timestamp,
         b.last_step, b.last_timestamp, b.last_value
    FROM unnest($7::int4[], $8::text[], $9::int2[], $10::int8[], $11::float8[], $12::int8[], $13::int8[],
                $14::float8[], $15::int8[], $16::int8[], $17::int8[], $18::int8[], $19::float8[])
      AS b(n, key, shift, bucket, min_value, min_step, min_timestamp, max_value, max_step, max_timestamp, last_step, last_timestamp, last_value)
    JOIN target q USING (n)
), buckets AS (
  INSERT INTO metric_buckets AS stored (run_id, key, shift, bucket, count, min_value, min_step, min_timestamp,
                                        max_value, max_step, max_timestamp, last_step, last_timestamp, last_value)
  SELECT b.run_id, b.key, b.shift, b.bucket, c.added, b.min_value, b.min_step, b.min_timestamp,
         b.max_value, b.max_step, b.max_timestamp, b.last_step, b.last_timestamp, b.last_value
    FROM summaries b JOIN counts c USING (run_id, key, shift, bucket)
   ORDER BY b.run_id, b.key, b.shift, b.bucket
  ON CONFLICT (run_id, key, shift, bucket) DO UPDATE SET
    count = stored.count + excluded.count,
    ${mergeBucketColumns('min_value, min_step, min_timestamp', 'min_value NULLS LAST, min_step, min_timestamp')},
    ${mergeBucketColumns('max_value, max_step, max_timestamp', 'max_value DESC NULLS LAST, max_step, max_timestamp')},
    ${mergeBucketColumns('last_step, last_timestamp, last_value', 'last_step DESC, last_timestamp DESC, last_value DESC')}
), latest AS (
  INSERT INTO latest_metrics AS stored (run_id, key, step, timestamp, value)
  SELECT q.run_id, l.key, l.step, l.timestamp, l.value
    FROM unnest($20::int4[], $21::text[], $22::int8[], $23::int8[], $24::float8[]) AS l(n, key, step, timestamp, value)
    JOIN target q USING (n)
   ORDER BY q.run_id, l.key
  ON CONFLICT (run_id, key) DO UPDATE
     SET step = excluded.step, timestamp = excluded.timestamp, value = excluded.value
   WHERE (excluded.step, excluded.timestamp, ${rankValue('excluded.value')})
       > (stored.step, stored.timestamp, ${rankValue('stored.value')})
)
SELECT id AS "runId", team_id AS "teamId", lifecycle_stage AS "lifecycleStage", id IN (SELECT run_id FROM target) AS written FROM run`;
}

// Named, so each connection plans these statements once.
/** Unguarded and tolerant: inside a transaction that has already authorized the run (writeRunData). */
export const INSERT_METRICS = { name: 'cairn.insert-metrics', text: insertMetricsSql(false, true) };
export const INSERT_NEW_METRICS_CHECKED = { name: 'cairn.insert-new-metrics-checked', text: insertMetricsSql(true, false) };
export const INSERT_METRICS_CHECKED = { name: 'cairn.insert-metrics-checked', text: insertMetricsSql(true, true) };

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

/** The rows of each run, tagged with the run's position in $1 (from 1). */
function tagged<T>(writes: readonly MetricWrite[], rowsOf: (write: MetricWrite) => readonly T[]): { n: number[]; rows: T[] } {
  const n: number[] = [];
  const rows: T[] = [];
  writes.forEach((write, i) => {
    for (const row of rowsOf(write)) {
      n.push(i + 1);
      rows.push(row);
    }
  });
  return { n, rows };
}

/** $1..$24 (and $25/$26 when `checked`) of the metrics statement. The writes' runs must be distinct. */
export function metricValues(writes: readonly MetricWrite[], checked: boolean): unknown[] {
  const points = tagged(writes, (w) => w.metrics);
  const buckets = tagged(writes, (w) => summarizeBuckets(w.metrics));
  const latest = tagged(writes, (w) => latestPerKey(w.metrics));
  const values: unknown[] = [
    textArrayLiteral(writes.map((w) => w.runId)),
    numberArrayLiteral(points.n),
    textArrayLiteral(points.rows.map((m) => m.key)),
    numberArrayLiteral(points.rows.map((m) => m.step)),
    numberArrayLiteral(points.rows.map((m) => m.timestamp)),
    numberArrayLiteral(points.rows.map((m) => m.value)),
    numberArrayLiteral(buckets.n),
    textArrayLiteral(buckets.rows.map((b) => b.key)),
    numberArrayLiteral(buckets.rows.map((b) => b.shift)),
    numberArrayLiteral(buckets.rows.map((b) => b.bucket)),
    nullableNumberArrayLiteral(buckets.rows.map((b) => b.low?.value)),
    nullableNumberArrayLiteral(buckets.rows.map((b) => b.low?.step)),
    nullableNumberArrayLiteral(buckets.rows.map((b) => b.low?.timestamp)),
    nullableNumberArrayLiteral(buckets.rows.map((b) => b.high?.value)),
    nullableNumberArrayLiteral(buckets.rows.map((b) => b.high?.step)),
    nullableNumberArrayLiteral(buckets.rows.map((b) => b.high?.timestamp)),
    numberArrayLiteral(buckets.rows.map((b) => b.last.step)),
    numberArrayLiteral(buckets.rows.map((b) => b.last.timestamp)),
    numberArrayLiteral(buckets.rows.map((b) => b.last.value)),
    numberArrayLiteral(latest.n),
    textArrayLiteral(latest.rows.map((m) => m.key)),
    numberArrayLiteral(latest.rows.map((m) => m.step)),
    numberArrayLiteral(latest.rows.map((m) => m.timestamp)),
    numberArrayLiteral(latest.rows.map((m) => m.value)),
  ];
  if (checked) {
    const grants = writes.flatMap((w) => (w.writableTeamIds ?? []).map((teamId) => [w.runId, teamId] as const));
    values.push(textArrayLiteral(grants.map(([runId]) => runId)), textArrayLiteral(grants.map(([, teamId]) => teamId)));
  }
  return values;
}
