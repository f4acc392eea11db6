// Reading a 1,000,000-point metric series: downsampled to 1000 points for a chart (from the
// series' metric_buckets) and one full-fidelity page of 10,000 points, through the use cases.
import { query, withTransaction } from '../lib/db/sql.ts';
import { getMetricHistoryDownsampled } from '../lib/tracking/run-data/get-metric-history-downsampled.ts';
import { getMetricHistory } from '../lib/tracking/run-data/get-metric-history.ts';
import { rebuildMetricBuckets } from '../lib/tracking/run-data/rebuild-metric-buckets.ts';
import { withBenchDatabase } from './support/database.ts';
import { figure, loadAverage, median, note, percentile, timeRuns } from './support/report.ts';
import { createBenchWorld } from './support/world.ts';

const SERIES_POINTS = Number(process.env.BENCH_HISTORY_POINTS ?? 1_000_000);
const RUNS = 20;

await withBenchDatabase(async () => {
  const world = await createBenchWorld();
  const runId = await world.newRun('long-training');
  // Setup, not measured: the series goes in with one statement (ingestion has its own bench),
  // next to a second metric of the same run so the scans must pick the right key.
  await query(
    `INSERT INTO metric_points (run_id, key, step, timestamp, value)
     SELECT $1, k, s, 1700000000000 + s * 10, CASE WHEN k = 'loss' THEN exp(-s / 200000.0) + random() / 10 ELSE random() END
       FROM generate_series(0, $2::int8 - 1) AS s, (VALUES ('loss'), ('lr')) AS keys(k)`,
    [runId, SERIES_POINTS],
  );
  // The costliest shape for a chart: steps so sparse (every 210th) that the level read has
  // just under 32x the buckets the chart needs, ~10,000 bucket rows folded into 333 groups.
  await query(
    `INSERT INTO metric_points (run_id, key, step, timestamp, value)
     SELECT $1, 'sparse', s * 210, 1700000000000 + s, random() FROM generate_series(0, 99999) AS s`,
    [runId],
  );
  // Points loaded in bulk bypass ingestion's bucket upkeep: recompute the run's buckets.
  const rebuildStarted = performance.now();
  await withTransaction((client) => rebuildMetricBuckets(client, runId));
  const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
  // What autovacuum does shortly after a bulk of inserts: visibility map and statistics, so
  // reads can be index-only scans.
  await query('VACUUM (ANALYZE) metric_points, metric_buckets');
  note(`buckets of the run's series rebuilt in ${rebuildSeconds.toFixed(1)} s (setup, not measured)`);
  note(`series of ${SERIES_POINTS.toLocaleString('en-US')} points (plus as many of another key); load average ${loadAverage()}`);

  let series = await getMetricHistoryDownsampled(world.principal, { runId, key: 'loss', maxPoints: 1000 });
  const downsampled = await timeRuns(RUNS, async () => {
    series = await getMetricHistoryDownsampled(world.principal, { runId, key: 'loss', maxPoints: 1000 });
  });
  figure('downsampled to 1000 points, median', median(downsampled), 'ms', { value: 150, better: 'lower' });
  figure('downsampled to 1000 points, p95', percentile(downsampled, 95), 'ms');
  note(`(${series.points.length} points returned of ${series.totalPoints.toLocaleString('en-US')})`);
  const sparse = await timeRuns(RUNS, () => getMetricHistoryDownsampled(world.principal, { runId, key: 'sparse', maxPoints: 1000 }));
  figure('downsampled, worst-case level (~10k bucket rows), median', median(sparse), 'ms');

  const firstPage = await timeRuns(RUNS, () => getMetricHistory(world.principal, { runId, key: 'loss', maxResults: 10_000 }));
  figure('full-fidelity page of 10,000 points (first), median', median(firstPage), 'ms');
  // A deep page: keyset paging costs the same wherever the page starts.
  let token: string | undefined;
  for (let i = 0; i < 50; i++) token = (await getMetricHistory(world.principal, { runId, key: 'loss', maxResults: 10_000, pageToken: token })).nextPageToken;
  const deepPage = await timeRuns(RUNS, () => getMetricHistory(world.principal, { runId, key: 'loss', maxResults: 10_000, pageToken: token }));
  figure('full-fidelity page of 10,000 points (51st), median', median(deepPage), 'ms');
  note(`load average after ${loadAverage()}`);
});
