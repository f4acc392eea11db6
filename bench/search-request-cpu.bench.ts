// CPU per MLflow runs/search request, in this process, load-robust: the request of
// bench/requests.bench.ts (1,000 runs; filter `metrics.acc > 0.5 and params.optimizer =
// 'adam'`, order `metrics.acc DESC`, 100 runs returned) sent N times in turn to the MLflow
// router, measuring Node's CPU (process.cpuUsage) and the PostgreSQL backends' CPU
// (/proc/<pid>/stat of the pool's connections) before and after. CPU, not req/s: on a shared
// 2-core machine req/s swing with the neighbours' load, CPU per request barely does, and
// it is what caps req/s when the server, PostgreSQL and the load generator share the cores.
// The parts of the request are measured alike (the search statement alone; the run JSON
// written by PostgreSQL), so a change can be read A/B in one run; and runs/get of one of
// the runs, whose JSON PostgreSQL writes too (until 2026-11-29 runs/search built run views,
// then wireRun and JSON.stringify wrote them: Node CPU for a 100-run page 4.4 -> 0.9 ms).
//
//   npm run bench -- search-request-cpu        (BENCH_CPU_REQUESTS=n: requests per figure, 300)
import fs from 'node:fs';
import { system } from '../lib/authz/index.ts';
import { startPrincipalChangeListener } from '../lib/authz/principal-changes.ts';
import { query } from '../lib/db/sql.ts';
import { handleMlflowRequest } from '../lib/http/mlflow/router.ts';
import { wirePageText } from '../lib/http/mlflow/wire.ts';
import { loadWireRuns } from '../lib/http/mlflow/wire-run-sql.ts';
import { searchRuns } from '../lib/tracking/search/search-runs.ts';
import { withBenchDatabase } from './support/database.ts';
import { loadAverage, median, note } from './support/report.ts';
import { createBenchToken } from './support/side-by-side.ts';
import { logSweep, sweepBatch, sweepSearch } from './support/sweep.ts';

const RUNS = 1000;
const REQUESTS = Number(process.env.BENCH_CPU_REQUESTS ?? 300);
const WARMUP = 20;
const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU ms (user + system) of each PostgreSQL backend serving this database. */
async function backendCpu(): Promise<Map<number, number>> {
  const rows = await query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'");
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // Fields after the command (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS);
    } catch {
      // a backend that ended meanwhile
    }
  }
  return cpu;
}

type CpuFigure = { name: string; nodeMs: number; postgresMs: number; wallMs: number };

/** `fn` REQUESTS times in turn (after WARMUP calls): mean CPU ms per call of Node and of PostgreSQL, median wall ms. */
async function measure(name: string, fn: () => Promise<unknown>): Promise<CpuFigure> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const pgBefore = await backendCpu();
  const nodeBefore = process.cpuUsage();
  const walls: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    await fn();
    walls.push(performance.now() - started);
  }
  const node = process.cpuUsage(nodeBefore);
  const pgAfter = await backendCpu();
  let postgres = 0;
  for (const [pid, ms] of pgAfter) postgres += ms - (pgBefore.get(pid) ?? 0);
  return { name, nodeMs: (node.user + node.system) / 1000 / REQUESTS, postgresMs: postgres / REQUESTS, wallMs: median(walls) };
}

await withBenchDatabase(async () => {
  await startPrincipalChangeListener(); // as a server process: the token check is cached
  const { token, teamId } = await createBenchToken();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const mlflow = async (path: string, body?: unknown) => {
    const init = body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) };
    const response = await handleMlflowRequest(new Request(`http://localhost/api/2.0/mlflow/${path}`, init));
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
    return text;
  };

  // The sweep of bench/requests.bench.ts, logged through the same API.
  const started = performance.now();
  const { experiment_id: experimentId } = JSON.parse(await mlflow('experiments/create', { name: 'cpu' })) as { experiment_id: string };
  await logSweep(RUNS, 4, async (n) => {
    const created = JSON.parse(await mlflow('runs/create', { experiment_id: experimentId, run_name: `sweep-${n}`, start_time: Date.now() }));
    await mlflow('runs/log-batch', sweepBatch(created.run.info.run_id, n, Date.now()));
  });
  await query('VACUUM ANALYZE');
  note(`${RUNS} runs logged through the MLflow API in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const search = sweepSearch(experimentId);
  const searchInput = { teamId, projectIds: [experimentId], filter: search.filter, orderBy: search.order_by, maxResults: search.max_results };
  const found = (JSON.parse(await mlflow('runs/search', search)) as { runs?: { info: { run_id: string } }[] }).runs ?? [];
  if (found.length !== 100) throw new Error(`runs/search returned ${found.length} runs`);
  const runGet = `runs/get?run_id=${found[0].info.run_id}`;

  note(`${REQUESTS} calls per figure, one at a time, after ${WARMUP} unmeasured; load average ${loadAverage()}`);
  console.log(`  ${'runs/search (100 of 1,000 runs)'.padEnd(58)} ${'Node ms'.padStart(8)} ${'PG ms'.padStart(7)} ${'CPU ms'.padStart(7)} ${'wall ms'.padStart(8)}`);
  const figures = [
    await measure('the request (MLflow router, in process)', () => mlflow('runs/search', search)),
    await measure('  the search statement alone (searchRuns)', () => searchRuns(system, searchInput)),
    await measure('  searchRuns, then loadWireRuns: the JSON text from SQL', async () => {
      const result = await searchRuns(system, searchInput);
      return wirePageText('runs', await loadWireRuns(result.runIds), result.nextPageToken).text;
    }),
    await measure('runs/get of one of those runs (in process)', () => mlflow(runGet)),
  ];
  for (const f of figures) {
    console.log(`  ${f.name.padEnd(58, '.')} ${f.nodeMs.toFixed(2).padStart(8)} ${f.postgresMs.toFixed(2).padStart(7)} ${(f.nodeMs + f.postgresMs).toFixed(2).padStart(7)} ${f.wallMs.toFixed(2).padStart(8)}`);
  }
  note(`load average after ${loadAverage()}`);
});
