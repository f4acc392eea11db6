// Many metric series for a page of charts (several metrics of up to 100 runs: the project
// page's panels, the compare view's overlays) in a fixed number of queries: one authorizes
// every run, one reads every series' size from the coarsest metric_buckets level, one reads
// all series that fit in maxPoints whole; only series longer than that go through the
// per-series bucket downsampling (get-metric-history-downsampled.ts), in parallel.
import { z } from 'zod';
import { authorizeRow, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { query } from '../../db/sql.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { BUCKET_SHIFTS } from './metric-buckets.ts';
import { downsample, maxPointsSchema, MAX_RUNS_PER_CHART, toPoint, type DownsampledSeries, type PointRow } from './get-metric-history-downsampled.ts';

export const MAX_KEYS_PER_BATCH = 20;

const batchInput = z.object({
  runIds: z.array(z.string()).min(1, 'runIds must not be empty').max(MAX_RUNS_PER_CHART, `At most ${MAX_RUNS_PER_CHART} runs per request`),
  keys: z.array(z.string().min(1, 'a metric key must not be empty').max(1000)).min(1, 'keys must not be empty').max(MAX_KEYS_PER_BATCH, `At most ${MAX_KEYS_PER_BATCH} metrics per request`),
  maxPoints: maxPointsSchema,
});

const COARSEST_SHIFT = BUCKET_SHIFTS[BUCKET_SHIFTS.length - 1];

// char(32) arrays so the joins use the primary keys of metric_buckets and metric_points.
const TOTALS = `
SELECT s.run_id::text AS run_id, s.key,
       coalesce((SELECT sum(b.count) FROM metric_buckets b
                  WHERE b.run_id = s.run_id AND b.key = s.key AND b.shift = ${COARSEST_SHIFT}), 0)::int8 AS total
  FROM unnest($1::char(32)[], $2::text[]) AS s(run_id, key)`;

// The limit only guards against a series whose buckets are missing (see rebuildMetricBuckets).
const WHOLE_SERIES = `
SELECT s.run_id::text AS run_id, s.key, p.step, p.timestamp, p.value
  FROM unnest($1::char(32)[], $2::text[]) WITH ORDINALITY AS s(run_id, key, n)
 CROSS JOIN LATERAL (SELECT step, timestamp, value FROM metric_points m
                      WHERE m.run_id = s.run_id AND m.key = s.key
                      ORDER BY step, timestamp, value LIMIT $3) p
 ORDER BY s.n, p.step, p.timestamp, p.value`;

const seriesId = (runId: string, key: string) => `${runId}\u0000${key}`;

/** Series for every (run, key) pair, runs in the order of `runIds`, keys in the order of `keys` within a run. */
export async function getMetricSeriesBatch(principal: Principal, input: z.input<typeof batchInput>): Promise<DownsampledSeries[]> {
  const { runIds, keys, maxPoints } = parseInput(batchInput, input);
  const runs = [...new Set(runIds)];
  const metricKeys = [...new Set(keys)];
  const found = await db.run.findMany({ where: { id: { in: runs } }, select: { id: true, teamId: true } });
  const teamOf = new Map(found.map((run) => [run.id, run.teamId]));
  for (const runId of runs) authorizeRow(principal, 'team:read', teamOf.get(runId), 'Run', runId);

  const pairs = runs.flatMap((runId) => metricKeys.map((key) => ({ runId, key })));
  const totals = await query<{ run_id: string; key: string; total: string }>(TOTALS, [pairs.map((p) => p.runId), pairs.map((p) => p.key)]);
  const totalOf = new Map(totals.map((row) => [seriesId(row.run_id, row.key), Number(row.total)]));

  const short = pairs.filter((pair) => (totalOf.get(seriesId(pair.runId, pair.key)) ?? 0) <= maxPoints);
  const long = pairs.filter((pair) => (totalOf.get(seriesId(pair.runId, pair.key)) ?? 0) > maxPoints);
  const [rows, reduced] = await Promise.all([
    short.length > 0
      ? query<PointRow & { run_id: string; key: string }>(WHOLE_SERIES, [short.map((p) => p.runId), short.map((p) => p.key), maxPoints])
      : Promise.resolve([]),
    Promise.all(long.map((pair) => downsample(pair.runId, pair.key, maxPoints))),
  ]);

  const series = new Map<string, DownsampledSeries>();
  for (const pair of short) {
    series.set(seriesId(pair.runId, pair.key), { runId: pair.runId, key: pair.key, points: [], totalPoints: 0, downsampled: false });
  }
  for (const row of rows) {
    const one = series.get(seriesId(row.run_id, row.key))!;
    one.points.push(toPoint(row.key, row));
    one.totalPoints++;
  }
  for (const one of reduced) series.set(seriesId(one.runId, one.key), one);
  return pairs.map((pair) => series.get(seriesId(pair.runId, pair.key))!);
}
