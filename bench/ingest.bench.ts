// Metric ingestion through logBatch (the use case REST and GraphQL call: authorization,
// validation, one transaction of set-based SQL): 1,000,000 points in batches of 1000
// (MLflow's maximum) from 2 concurrent writers, each logging its own run like two training
// processes. Durable commits, the server's default settings. Each batch also keeps the
// series' chart buckets (metric_buckets) in the same statement.
import { logBatch } from '../lib/tracking/run-data/log-batch.ts';
import { BUCKET_SHIFTS } from '../lib/tracking/run-data/metric-buckets.ts';
import { query } from '../lib/db/sql.ts';
import { withBenchDatabase } from './support/database.ts';
import { figure, loadAverage, median, note, percentile } from './support/report.ts';
import { createBenchWorld } from './support/world.ts';

const TOTAL_POINTS = Number(process.env.BENCH_INGEST_POINTS ?? 1_000_000);
const BATCH_SIZE = 1000;
const WRITERS = 2;
const KEYS_PER_BATCH = 10; // 10 metrics x 100 steps per batch, as a training loop logs them

await withBenchDatabase(async () => {
  const world = await createBenchWorld();
  const runIds = await Promise.all(Array.from({ length: WRITERS }, (_, i) => world.newRun(`writer-${i}`)));
  const batchesPerWriter = Math.ceil(TOTAL_POINTS / BATCH_SIZE / WRITERS);
  const stepsPerBatch = BATCH_SIZE / KEYS_PER_BATCH;
  const latencies: number[] = [];
  const startTime = Date.now();

  const writer = async (runId: string) => {
    for (let b = 0; b < batchesPerWriter; b++) {
      const metrics = new Array(BATCH_SIZE);
      for (let i = 0; i < BATCH_SIZE; i++) {
        const step = b * stepsPerBatch + Math.floor(i / KEYS_PER_BATCH);
        metrics[i] = { key: `metric_${i % KEYS_PER_BATCH}`, value: Math.random(), timestamp: startTime + step, step };
      }
      const started = performance.now();
      await logBatch(world.principal, { runId, metrics });
      latencies.push(performance.now() - started);
    }
  };

  note(`${TOTAL_POINTS.toLocaleString('en-US')} points, batches of ${BATCH_SIZE}, ${WRITERS} concurrent writers; load average ${loadAverage()}`);
  const started = performance.now();
  await Promise.all(runIds.map(writer));
  const seconds = (performance.now() - started) / 1000;

  const [{ n }] = await query<{ n: string }>('SELECT count(*) AS n FROM metric_points');
  const written = Number(n);
  if (written !== batchesPerWriter * WRITERS * BATCH_SIZE) throw new Error(`expected ${batchesPerWriter * WRITERS * BATCH_SIZE} points, found ${written}`);
  // Ingestion keeps the chart buckets too: every point counted once at each level.
  const [{ counted }] = await query<{ counted: string }>(
    'SELECT sum(count) AS counted FROM metric_buckets WHERE shift = $1',
    [BUCKET_SHIFTS[BUCKET_SHIFTS.length - 1]],
  );
  if (Number(counted) !== written) throw new Error(`metric_buckets count ${counted} points, metric_points holds ${written}`);

  figure('log-batch ingestion, sustained', written / seconds, 'points/s', { value: 100_000, better: 'higher' });
  figure('  batch latency, median', median(latencies), 'ms');
  figure('  batch latency, p95', percentile(latencies, 95), 'ms');
  note(`wall time ${seconds.toFixed(1)} s; load average after ${loadAverage()}`);
});
