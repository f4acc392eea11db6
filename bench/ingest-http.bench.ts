// Metric ingestion over HTTP in MLflow's wire format, Cairn's built server and MLflow's real
// server side by side: 1,000,000 points as runs/log-batch requests of 1,000 points (MLflow's
// maximum; 10 metrics x 100 steps, as a training loop logs them) from 4 clients, each logging
// its own run over one keep-alive connection (autocannon, one instance per client). Durable
// commits on both. Every point is counted in each server's database afterwards.
// Target (issue 10): >= 100,000 points/s sustained.
//
//   BENCH_INGEST_HTTP_POINTS=200000 npm run bench -- ingest-http    fewer points (both servers)
//   BENCH_PROFILE=1 ...    also a CPU profile of Cairn's server processes (bench/out/), summarized here
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { summarizeCpuProfiles } from './support/cpu-profile.ts';
import { metricBatchBody } from './support/metric-batch.ts';
import { load, type LoadResult } from './support/load.ts';
import { figure, loadAverage, note } from './support/report.ts';
import { mlflowPost, startSideBySide, type Target } from './support/side-by-side.ts';

const TOTAL_POINTS = Number(process.env.BENCH_INGEST_HTTP_POINTS ?? 1_000_000);
const CLIENTS = 4;
const BATCH = 1000;
const KEYS = 10;
const TARGET_POINTS_PER_SECOND = 100_000;
const profileDir = process.env.BENCH_PROFILE === '1' ? path.resolve(import.meta.dirname, 'out', `profile-${Date.now()}`) : null;

async function countPoints(target: Target, runIds: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  try {
    const sql =
      target.name === 'Cairn'
        ? 'SELECT count(*)::int8 AS n FROM metric_points WHERE run_id = ANY($1::bpchar[])'
        : 'SELECT count(*)::int8 AS n FROM metrics WHERE run_uuid = ANY($1::text[])';
    const { rows } = await client.query<{ n: string }>(sql, [runIds]);
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

type Ingestion = { pointsPerSecond: number; seconds: number; p99Ms: number; failed: number; stored: number; acknowledged: number };

async function ingest(target: Target): Promise<Ingestion> {
  const { experiment_id: experimentId } = await mlflowPost<{ experiment_id: string }>(target, 'experiments/create', { name: `ingest-${Date.now()}` });
  const runIds: string[] = [];
  for (let c = 0; c < CLIENTS; c++) {
    runIds.push((await mlflowPost(target, 'runs/create', { experiment_id: experimentId, run_name: `client-${c}`, start_time: Date.now() })).run.info.run_id);
  }
  const batchesPerClient = Math.ceil(TOTAL_POINTS / BATCH / CLIENTS);
  const started = performance.now();
  const clients: LoadResult[] = await Promise.all(
    runIds.map((runId) => {
      let batch = 0;
      return load(
        target,
        { method: 'POST', path: '/api/2.0/mlflow/runs/log-batch', body: () => metricBatchBody(runId, (batch++ * BATCH) / KEYS) },
        { connections: 1, untilOk: batchesPerClient },
      );
    }),
  );
  // The clients stop once each has its share acknowledged; a request or two in flight then
  // may still land, so the rate is what was stored over the whole time.
  const seconds = (performance.now() - started) / 1000;
  const acknowledged = clients.reduce((sum, c) => sum + c.ok, 0) * BATCH;
  const stored = await countPoints(target, runIds);
  return {
    pointsPerSecond: stored / seconds,
    seconds,
    p99Ms: Math.max(...clients.map((c) => c.p99Ms)),
    failed: clients.reduce((sum, c) => sum + c.failed, 0),
    stored,
    acknowledged,
  };
}

const world = await startSideBySide({
  cairnEnv: process.env.CAIRN_WORKERS ? { CAIRN_WORKERS: process.env.CAIRN_WORKERS } : undefined,
  cairnNodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : undefined,
});
try {
  note(world.describe());
  note(`${TOTAL_POINTS.toLocaleString('en-US')} points per server, log-batch of ${BATCH}, ${CLIENTS} clients (one run and one connection each); load average ${loadAverage()}`);
  const results: { name: string; result: Ingestion }[] = [];
  for (const target of [world.cairn, ...(world.mlflow ? [world.mlflow] : [])]) {
    const result = await ingest(target);
    results.push({ name: target.name, result });
    // Every acknowledged batch must be there in full, and the total at least what was asked.
    const complete = result.stored >= result.acknowledged && result.acknowledged >= TOTAL_POINTS && !result.failed;
    figure(`${target.name}: points/s over HTTP`, result.pointsPerSecond, 'points/s', target.name === 'Cairn' ? { value: TARGET_POINTS_PER_SECOND, better: 'higher' } : undefined);
    note(
      `  ${result.stored.toLocaleString('en-US')} points stored (${result.acknowledged.toLocaleString('en-US')} acknowledged) in ${result.seconds.toFixed(1)} s; batch p99 ${Math.round(result.p99Ms)} ms` +
        (complete ? '' : `; INCOMPLETE (${result.failed} requests failed): the figure does not count`),
    );
  }
  const [cairn, mlflow] = results;
  if (mlflow) note(`Cairn/MLflow: ${(cairn.result.pointsPerSecond / mlflow.result.pointsPerSecond).toFixed(1)}x`);
  note(`load average after ${loadAverage()}`);
} finally {
  await world.close();
}
if (profileDir && fs.existsSync(profileDir)) summarizeCpuProfiles(profileDir);
