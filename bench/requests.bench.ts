// Request-level speed, Cairn's built server and MLflow's real server side by side in one run:
// the same requests in MLflow's wire format, autocannon with 16 connections, each request
// kind run against Cairn then MLflow back to back (a busy machine hits both alike), req/s and
// p99 for each and the ratio. Target (issue 10): every kind at >= 5x MLflow's req/s. The write
// kinds log to 16 runs in turn with a new step each time: 16 training runs logging at once
// (one run's script waits for each call, so one run never has 16 calls in flight).
//
//   npm run bench -- requests                  both servers (MLflow from ../shared/mlflow)
//   CAIRN_BENCH_MLFLOW=0 npm run bench -- requests   Cairn only
//   BENCH_HTTP_SECONDS=20 BENCH_KINDS=runs/get,health ...   longer windows, some kinds only
//   BENCH_PROFILE=1 ...    also a CPU profile of Cairn's server (bench/out/), summarized here
//   CAIRN_WORKERS=n ...    passed to Cairn's server
//
// The run page row: Cairn's run page sends one GraphQL query (components/runs/run-details.tsx:
// the run, its project, params, tags, latest metrics, datasets, artifacts, author, parent,
// children). MLflow 2.22's UI sends its GetRun GraphQL query to /graphql (run info, experiment,
// model versions, params, tags, latest metrics, dataset inputs) plus artifacts/list; where
// that endpoint cannot run (its graphene 3 is missing: Debian ships graphene 2, and it then
// answers 500), the row measures the REST calls the UI makes for the same page instead:
// runs/get, experiments/get, artifacts/list and model-versions/search by run id. Either way
// MLflow's figure is pages per second (its calls in turn on each connection), p99 per call.
import fs from 'node:fs';
import path from 'node:path';
import { RUN_DETAILS_QUERY } from '../components/runs/run-details-query.ts';
import { metricBatchBody } from './support/metric-batch.ts';
import { countSqlRoundTrips } from './support/count-sql.ts';
import { summarizeCpuProfiles } from './support/cpu-profile.ts';
import { LOAD_CONNECTIONS, LOAD_SECONDS, load, type LoadRequest, type LoadResult } from './support/load.ts';
import { serverCpu } from './support/process-cpu.ts';
import { loadAverage, note } from './support/report.ts';
import { call, mlflowPost, startSideBySide, type Target } from './support/side-by-side.ts';
import { logSweep, sweepBatch, sweepSearch } from './support/sweep.ts';

const SEARCH_RUNS = 1000;
const TARGET_RATIO = 5;
const wantedKinds = process.env.BENCH_KINDS?.split(',').map((k) => k.trim()).filter(Boolean);
const profileDir = process.env.BENCH_PROFILE === '1' ? path.resolve(import.meta.dirname, 'out', `profile-${Date.now()}`) : null;

/** `writers`: one run per connection for the write kinds (16 training runs logging at once). */
type Fixture = { runId: string; writers: { metric: string[]; batch: string[]; bigBatch: string[] }; experimentId: string; graphql: boolean };

const now = Date.now();

/** What a training script's first calls leave behind, the same on both servers: a typical run and runs to write to. */
async function prepare(target: Target): Promise<Fixture> {
  const { experiment_id: experimentId } = await mlflowPost<{ experiment_id: string }>(target, 'experiments/create', { name: `bench-${now}` });
  const createRun = async (name: string) =>
    (await mlflowPost<{ run: { info: { run_id: string } } }>(target, 'runs/create', { experiment_id: experimentId, run_name: name, start_time: now })).run.info.run_id;
  const runId = await createRun('typical');
  // A run page worth reading: 20 params, 10 tags, 10 metrics of 100 steps, a training dataset.
  await mlflowPost(target, 'runs/log-batch', {
    run_id: runId,
    params: Array.from({ length: 20 }, (_, i) => ({ key: `param_${i}`, value: `value-${i}` })),
    tags: Array.from({ length: 10 }, (_, i) => ({ key: `tag_${i}`, value: `tag value ${i}` })),
  });
  await mlflowPost(target, 'runs/log-batch', {
    run_id: runId,
    metrics: Array.from({ length: 1000 }, (_, i) => ({ key: `metric_${i % 10}`, value: Math.random(), timestamp: now + i, step: Math.floor(i / 10) })),
  });
  await mlflowPost(target, 'runs/log-inputs', {
    run_id: runId,
    datasets: [
      {
        dataset: { name: 'train', digest: 'abc123', source_type: 'local', source: '{"uri": "/data/train.parquet"}', schema: '', profile: '{"num_rows": 1000}' },
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
      },
    ],
  });
  // 1,000 runs of a sweep to search: params lr/optimizer/batch_size, metrics acc/loss.
  await logSweep(SEARCH_RUNS, 8, async (n) => {
    await mlflowPost(target, 'runs/log-batch', sweepBatch(await createRun(`sweep-${n}`), n, now));
  });
  return {
    runId,
    experimentId,
    writers: {
      metric: await runs(createRun, 'log-metric'),
      batch: await runs(createRun, 'log-batch-1'),
      bigBatch: await runs(createRun, 'log-batch-1000'),
    },
    graphql: target.name === 'Cairn' || (await answersGraphql(target, runId)),
  };
}

/** Whether MLflow's /graphql endpoint works here (it needs graphene 3). */
async function answersGraphql(target: Target, runId: string): Promise<boolean> {
  const response = await fetch(`${target.baseUrl}${target.graphqlPath}`, {
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ query: RUN_PAGE_MLFLOW, variables: { data: { runId } } }),
  });
  return response.ok && !!((await response.json()) as any).data?.mlflowGetRun?.run;
}

// MLflow 2.22's run page query (mlflow/server/js .../useGetRunQuery.tsx, GET_RUN_QUERY).
const RUN_PAGE_MLFLOW = `query GetRun($data: MlflowGetRunInput!) {
  mlflowGetRun(input: $data) {
    apiError { helpUrl code message }
    run {
      info { runName status runUuid experimentId artifactUri endTime lifecycleStage startTime userId }
      experiment { experimentId name tags { key value } artifactLocation lifecycleStage lastUpdateTime }
      modelVersions { status version name source }
      data { metrics { key value step timestamp } params { key value } tags { key value } }
      inputs { datasetInputs { dataset { digest name profile schema source sourceType } tags { key value } } }
    }
  }
}`;

/** A request kind: the same call against either server (only GraphQL and health differ by server). */
type Kind = {
  name: string;
  request(target: Target, fixture: Fixture): LoadRequest | LoadRequest[];
  /** A reference row, outside issue 10's targets (the health check: MLflow's answers without its database). */
  reference?: true;
};

/** LOAD_CONNECTIONS runs to write to, one per connection as separate training runs would. */
function runs(createRun: (name: string) => Promise<string>, name: string): Promise<string[]> {
  return Promise.all(Array.from({ length: LOAD_CONNECTIONS }, (_, i) => createRun(`${name}-${i}`)));
}

/**
 * The next write: the runs in turn (concurrent requests mostly hit different runs, as 16
 * training scripts do; one script logs one call at a time), each run's step counting up.
 */
function nextWrite(runIds: readonly string[]) {
  let request = 0;
  return () => {
    const i = request++;
    return { runId: runIds[i % runIds.length], step: Math.floor(i / runIds.length) };
  };
}

const kinds: Kind[] = [
  { name: 'GET runs/get', request: (_t, f) => ({ method: 'GET', path: `/api/2.0/mlflow/runs/get?run_id=${f.runId}` }) },
  {
    name: 'POST runs/log-metric (new step each time)',
    request: (_t, f) => {
      const next = nextWrite(f.writers.metric);
      return {
        method: 'POST',
        path: '/api/2.0/mlflow/runs/log-metric',
        body: () => {
          const { runId, step } = next();
          return `{"run_id":"${runId}","key":"loss","value":${Math.random()},"timestamp":${Date.now()},"step":${step}}`;
        },
      };
    },
  },
  {
    name: 'POST runs/log-batch, 1 point',
    request: (_t, f) => {
      const next = nextWrite(f.writers.batch);
      return {
        method: 'POST',
        path: '/api/2.0/mlflow/runs/log-batch',
        body: () => {
          const { runId, step } = next();
          return `{"run_id":"${runId}","metrics":[{"key":"loss","value":${Math.random()},"timestamp":${Date.now()},"step":${step}}]}`;
        },
      };
    },
  },
  {
    name: 'POST runs/log-batch, 1,000 points',
    request: (_t, f) => {
      const next = nextWrite(f.writers.bigBatch);
      return {
        method: 'POST',
        path: '/api/2.0/mlflow/runs/log-batch',
        body: () => {
          const { runId, step } = next();
          return metricBatchBody(runId, step * 100);
        },
      };
    },
  },
  {
    name: 'POST runs/search (1,000 runs: filter, order, 100)',
    request: (_t, f) => ({
      method: 'POST',
      path: '/api/2.0/mlflow/runs/search',
      body: JSON.stringify(sweepSearch(f.experimentId)),
    }),
  },
  {
    name: 'run page (GraphQL; MLflow: its UI calls, pages/s)',
    request: (t, f) => {
      if (t.name === 'Cairn') {
        return { method: 'POST', path: t.graphqlPath, body: JSON.stringify({ query: RUN_DETAILS_QUERY, variables: { id: f.runId, shared: false, artifacts: true } }) };
      }
      const artifacts: LoadRequest = { method: 'GET', path: `/api/2.0/mlflow/artifacts/list?run_id=${f.runId}` };
      if (f.graphql) {
        return [{ method: 'POST', path: t.graphqlPath, body: JSON.stringify({ query: RUN_PAGE_MLFLOW, variables: { data: { runId: f.runId } } }) }, artifacts];
      }
      return [
        { method: 'GET', path: `/api/2.0/mlflow/runs/get?run_id=${f.runId}` },
        { method: 'GET', path: `/api/2.0/mlflow/experiments/get?experiment_id=${f.experimentId}` },
        artifacts,
        { method: 'GET', path: `/api/2.0/mlflow/model-versions/search?filter=${encodeURIComponent(`run_id='${f.runId}'`)}` },
      ];
    },
  },
  { name: 'GET health', request: (t) => ({ method: 'GET', path: t.healthPath }), reference: true },
];

/** Checks each kind answers 200 with what it should, before any load (a fast error is not speed). */
async function check(target: Target, fixture: Fixture): Promise<void> {
  const run = await call(target, 'GET', `/api/2.0/mlflow/runs/get?run_id=${fixture.runId}`);
  if (run.run.data.params.length !== 20) throw new Error(`${target.name}: runs/get returned ${run.run.data.params.length} params`);
  for (const kind of kinds) {
    const sequence = kind.request(target, fixture);
    for (const request of Array.isArray(sequence) ? sequence : [sequence]) {
      const body = typeof request.body === 'function' ? request.body() : request.body;
      const reply = await call(target, request.method, request.path, body === undefined ? undefined : JSON.parse(body));
      if (kind.name.includes('search') && !(reply.runs?.length > 0)) throw new Error(`${target.name}: search found no runs`);
      if (request.path.includes('graphql')) {
        const found = target.name === 'Cairn' ? reply.data?.run?.params?.length : reply.data?.mlflowGetRun?.run?.data?.params?.length;
        if (found !== 20 || reply.errors) throw new Error(`${target.name}: GraphQL run page answered ${JSON.stringify(reply).slice(0, 300)}`);
      }
    }
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const cell = (r: LoadResult | undefined) => (r ? `${fmt(r.requestsPerSecond).padStart(7)} ${fmt(r.p99Ms).padStart(5)}${r.perSequence > 1 ? `*${r.perSequence}` : ''}${r.failed ? ` (${r.failed} failed)` : ''}` : '      -     -');

const cpuCell = (r: LoadResult | undefined) =>
  r?.cpuMsPerRequest === undefined ? '-' : `${fmt(r.cpuMsPerRequest * r.perSequence, 2)} (${fmt(r.postgresCpuMsPerRequest! * r.perSequence, 2)})`;
const cpuRatio = (cairn: LoadResult, mlflow: LoadResult | undefined) =>
  cairn.cpuMsPerRequest && mlflow?.cpuMsPerRequest ? `${((mlflow.cpuMsPerRequest * mlflow.perSequence) / (cairn.cpuMsPerRequest * cairn.perSequence)).toFixed(1)}x less CPU` : '';

const world = await startSideBySide({
  cairnEnv: process.env.CAIRN_WORKERS ? { CAIRN_WORKERS: process.env.CAIRN_WORKERS } : undefined,
  cairnNodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : undefined,
});
try {
  note(world.describe());
  const targets = [world.cairn, ...(world.mlflow ? [world.mlflow] : [])];
  const fixtures = new Map<Target, Fixture>();
  for (const target of targets) {
    const started = performance.now();
    fixtures.set(target, await prepare(target));
    await check(target, fixtures.get(target)!);
    note(`${target.name}: data prepared through its API in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  if (world.mlflow && !fixtures.get(world.mlflow)!.graphql) {
    note("MLflow's /graphql answers 500 here (graphene 3 missing): its run page row is the UI's REST calls (runs/get, experiments/get, artifacts/list, model-versions/search)");
  }
  note(`autocannon, ${LOAD_CONNECTIONS} connections, ${LOAD_SECONDS} s per kind and server (after 2 s of warm-up); load average ${loadAverage()}`);
  console.log(`  ${'request'.padEnd(50)} ${'Cairn req/s p99 ms'.padStart(18)}  ${'MLflow req/s p99 ms'.padStart(19)}   Cairn/MLflow`);
  const results: { kind: string; cairn: LoadResult; mlflow?: LoadResult }[] = [];
  const cpuLines: string[] = [];
  for (const kind of kinds) {
    if (wantedKinds && !wantedKinds.some((w) => kind.name.includes(w))) continue;
    const cairn = await load(world.cairn, kind.request(world.cairn, fixtures.get(world.cairn)!), { cpuOf: serverCpu(world.cairn.pid) });
    const mlflow = world.mlflow
      ? await load(world.mlflow, kind.request(world.mlflow, fixtures.get(world.mlflow)!), { cpuOf: serverCpu(world.mlflow.pid!) })
      : undefined;
    results.push({ kind: kind.name, cairn, mlflow });
    const ratio = mlflow && mlflow.requestsPerSecond > 0 ? cairn.requestsPerSecond / mlflow.requestsPerSecond : NaN;
    const target = kind.reference ? '(reference: Cairn checks its database, MLflow does not)' : `(target >= ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO && !cairn.failed ? 'met' : 'NOT met'})`;
    const verdict = Number.isFinite(ratio) ? `${ratio.toFixed(1)}x   ${target}` : '';
    console.log(`  ${kind.name.padEnd(50, '.')} ${cell(cairn).padStart(18)}  ${cell(mlflow).padStart(19)}   ${verdict}`);
    cpuLines.push(`  ${kind.name.padEnd(50, '.')} ${cpuCell(cairn).padStart(14)}  ${cpuCell(mlflow).padStart(14)}   ${cpuRatio(cairn, mlflow)}`);
  }
  note('*n: a page of n calls on each connection in turn; the figure is pages/s, its p99 per call');
  // The same work in CPU time: what each request cost the server's processes and its
  // PostgreSQL backends, whatever else the machine was doing (throughput swings with load).
  note('CPU ms per request: the server\'s processes + PostgreSQL (of which PostgreSQL); a page: per page; warm-up included');
  console.log(`  ${'request'.padEnd(50)} ${'Cairn'.padStart(14)}  ${'MLflow'.padStart(14)}   MLflow/Cairn`);
  for (const line of cpuLines) console.log(line);
  note(`load average after ${loadAverage()}`);
  if (results.some((r) => r.cairn.failed || r.mlflow?.failed)) note('Some requests failed: those figures do not count.');

  // Where Cairn stands: SQL round trips per request, counted in this process on the same
  // database with the same handlers the server dispatches to.
  const roundTrips = await countSqlRoundTrips(
    world.cairn,
    kinds.map((k) => ({ name: k.name, request: k.request(world.cairn, fixtures.get(world.cairn)!) as LoadRequest })),
  );
  note('SQL round trips per request (Cairn; BEGIN/COMMIT included):');
  for (const { name, count } of roundTrips) note(`  ${name.padEnd(48, '.')} ${count}`);
} finally {
  await world.close();
}
if (profileDir && fs.existsSync(profileDir)) summarizeCpuProfiles(profileDir);
