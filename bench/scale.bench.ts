// Metric series at 50,000,000 points on this machine, for docs/scaling.md: ingestion over HTTP
// into Cairn's built server (runs/log-batch of 1,000 points, 4 clients, one run each, durable
// commits) reported per tenth of the total so a slowdown as the table grows shows, then reads
// of one long series over HTTP with the table at full size: a chart (GraphQL metricHistory,
// downsampled to 1,000 points), MLflow's get-history pages of 10,000 points (first and 51st)
// and runs/get. Opt-in (minutes and ~10 GB of disk): `npm run bench -- scale`.
//
//   BENCH_SCALE_POINTS=5000000 npm run bench -- scale    a smaller table
import pg from 'pg';
import { metricBatchBody } from './support/metric-batch.ts';
import { load } from './support/load.ts';
import { figure, loadAverage, median, note, percentile, timeRuns } from './support/report.ts';
import { call, mlflowPost, startSideBySide } from './support/side-by-side.ts';

const TOTAL_POINTS = Number(process.env.BENCH_SCALE_POINTS ?? 50_000_000);
const SEGMENTS = 10;
const CLIENTS = 4;
const BATCH = 1000;
const KEYS = 10;
const READS = 20;

const world = await startSideBySide({ withoutMlflow: true, cairnEnv: process.env.CAIRN_WORKERS ? { CAIRN_WORKERS: process.env.CAIRN_WORKERS } : undefined });
const sql = new pg.Client({ connectionString: world.cairn.databaseUrl });
await sql.connect();
try {
  note(world.describe());
  const cairn = world.cairn;
  const { experiment_id: experimentId } = await mlflowPost<{ experiment_id: string }>(cairn, 'experiments/create', { name: 'scale' });
  const runIds: string[] = [];
  for (let c = 0; c < CLIENTS; c++) runIds.push((await mlflowPost(cairn, 'runs/create', { experiment_id: experimentId, run_name: `client-${c}`, start_time: Date.now() })).run.info.run_id);
  const batchesPerSegment = Math.ceil(TOTAL_POINTS / SEGMENTS / BATCH / CLIENTS);
  const nextBatch = runIds.map(() => 0);
  note(`${TOTAL_POINTS.toLocaleString('en-US')} points in ${SEGMENTS} segments, log-batch of ${BATCH}, ${CLIENTS} clients; load average ${loadAverage()}`);
  const started = performance.now();
  let stored = 0;
  for (let segment = 1; segment <= SEGMENTS; segment++) {
    const segmentStarted = performance.now();
    const results = await Promise.all(
      runIds.map((runId, c) =>
        load(cairn, { method: 'POST', path: '/api/2.0/mlflow/runs/log-batch', body: () => metricBatchBody(runId, (nextBatch[c]++ * BATCH) / KEYS) }, { connections: 1, untilOk: batchesPerSegment }),
      ),
    );
    const seconds = (performance.now() - segmentStarted) / 1000;
    const failed = results.reduce((sum, r) => sum + r.failed, 0);
    const { rows } = await sql.query<{ n: string }>('SELECT count(*) AS n FROM metric_points');
    const segmentPoints = Number(rows[0].n) - stored;
    stored = Number(rows[0].n);
    note(
      `  up to ${stored.toLocaleString('en-US').padStart(11)} points: ${Math.round(segmentPoints / seconds).toLocaleString('en-US')} points/s, batch p99 ${Math.round(Math.max(...results.map((r) => r.p99Ms)))} ms` +
        `${failed ? `, ${failed} FAILED` : ''}; load average ${loadAverage()}`,
    );
  }
  const totalSeconds = (performance.now() - started) / 1000;
  figure(`ingestion of ${stored.toLocaleString('en-US')} points over HTTP, sustained`, stored / totalSeconds, 'points/s', { value: 100_000, better: 'higher' });
  const { rows: sizes } = await sql.query<{ name: string; bytes: string }>(
    `SELECT relname AS name, pg_total_relation_size(oid)::int8 AS bytes FROM pg_class WHERE relname IN ('metric_points', 'metric_buckets', 'latest_metrics') ORDER BY 1`,
  );
  note(`on disk (table + indexes): ${sizes.map((s) => `${s.name} ${(Number(s.bytes) / 2 ** 30).toFixed(2)} GiB`).join(', ')}`);
  // What autovacuum does after a bulk of inserts (visibility map, statistics), so the reads
  // below see the table as a long-running server would.
  await sql.query('VACUUM (ANALYZE) metric_points, metric_buckets, latest_metrics');

  const runId = runIds[0];
  const seriesPoints = Math.round(stored / CLIENTS / KEYS);
  note(`reads of one series of ~${seriesPoints.toLocaleString('en-US')} points (run ${runId}, metric_0) in a table of ${stored.toLocaleString('en-US')}; load average ${loadAverage()}`);
  const chart = JSON.stringify({
    query: 'query Chart($id: ID!) { run(id: $id) { metricHistory(key: "metric_0", maxPoints: 1000) { downsampled points { step value } } } }',
    variables: { id: runId },
  });
  const downsampled = await timeRuns(READS, () => call(cairn, 'POST', cairn.graphqlPath, JSON.parse(chart)));
  figure('chart: GraphQL metricHistory downsampled to 1,000 points, median', median(downsampled), 'ms', { value: 150, better: 'lower' });
  figure('  p95', percentile(downsampled, 95), 'ms');
  const page = (token?: string) =>
    call(cairn, 'GET', `/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=metric_0&max_results=10000${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
  const first = await timeRuns(READS, () => page());
  figure('MLflow get-history, first page of 10,000 points, median', median(first), 'ms');
  let token: string | undefined;
  for (let i = 0; i < 50; i++) token = (await page(token)).next_page_token;
  const deep = await timeRuns(READS, () => page(token));
  figure('MLflow get-history, 51st page of 10,000 points, median', median(deep), 'ms');
  const runGet = await timeRuns(READS, () => call(cairn, 'GET', `/api/2.0/mlflow/runs/get?run_id=${runId}`));
  figure('runs/get of that run, median', median(runGet), 'ms');
  note(`load average after ${loadAverage()}`);
} finally {
  await sql.end();
  await world.close();
}
