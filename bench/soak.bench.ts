// Soak: 50 concurrent writers for 60 s against Cairn's built server (npm start's primary and
// its server processes), each a training script on its own run mixing log-metric, log-batch
// (100 points), set-tag and artifact uploads (4 KiB) over keep-alive connections. Afterwards,
// every acknowledged point must be in the database exactly once and every acknowledged upload
// listed; the server processes' memory (RSS, sampled each second) must be flat over the last
// half. Prints requests/s, p99 per kind and the memory slope.
//
// A warm-up of the same traffic (30 s) comes first; its answers are checked, not timed.
//
//   SOAK_SECONDS=300 SOAK_WRITERS=100 SOAK_WARMUP_SECONDS=60 npm run bench -- soak
import pg from 'pg';
import { processTree, residentBytes } from '../tests/helpers/process-tree.ts';
import { figure, loadAverage, note, percentile } from './support/report.ts';
import { mlflowPost, startSideBySide, type Target } from './support/side-by-side.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
// The same traffic first, unmeasured: a fresh server's heap grows for its first minute or so
// (compiled code, V8 sizing its generations), which says nothing about leaks.
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 30);
const WRITERS = Number(process.env.SOAK_WRITERS ?? 50);
const BATCH_POINTS = 100;
const ARTIFACT = 'x'.repeat(4096);
const KINDS = ['log-metric', 'log-batch', 'set-tag', 'artifact'] as const;
type Kind = (typeof KINDS)[number];

type Writer = { runId: string; artifactPath: string; metricSteps: number[]; batchSteps: number[]; uploads: string[]; tags: number };

async function send(target: Target, method: 'POST' | 'PUT', path: string, body: string): Promise<boolean> {
  const response = await fetch(`${target.baseUrl}${path}`, { method, headers: { ...target.headers, 'content-type': method === 'PUT' ? 'text/plain' : 'application/json' }, body });
  await response.arrayBuffer();
  return response.status === 200;
}

/** One writer's loop: the four kinds in turn, until the deadline; records what was acknowledged. */
async function write(target: Target, writer: Writer, window: { from: number; to: number }, latencies: Record<Kind, number[]>, failures: Record<Kind, number>) {
  const deadline = window.to;
  for (let n = 0; Date.now() < deadline; n++) {
    const kind = KINDS[n % KINDS.length];
    const started = performance.now();
    let ok = false;
    try {
      if (kind === 'log-metric') {
        ok = await send(target, 'POST', '/api/2.0/mlflow/runs/log-metric', JSON.stringify({ run_id: writer.runId, key: 'loss', value: 1 / (n + 1), timestamp: 1_700_000_000_000 + n, step: n }));
        if (ok) writer.metricSteps.push(n);
      } else if (kind === 'log-batch') {
        const first = n * BATCH_POINTS;
        const metrics = Array.from({ length: BATCH_POINTS }, (_, i) => ({ key: 'acc', value: (first + i) / 1e6, timestamp: 1_700_000_000_000 + first + i, step: first + i }));
        ok = await send(target, 'POST', '/api/2.0/mlflow/runs/log-batch', JSON.stringify({ run_id: writer.runId, metrics }));
        if (ok) writer.batchSteps.push(...metrics.map((m) => m.step));
      } else if (kind === 'set-tag') {
        ok = await send(target, 'POST', '/api/2.0/mlflow/runs/set-tag', JSON.stringify({ run_id: writer.runId, key: 'progress', value: String(n) }));
        if (ok) writer.tags++;
      } else {
        const file = `checkpoints/step-${n}.txt`;
        ok = await send(target, 'PUT', `/api/2.0/mlflow-artifacts/artifacts/${writer.artifactPath}/${file}`, ARTIFACT);
        if (ok) writer.uploads.push(file);
      }
    } catch {
      ok = false;
    }
    if (!ok) failures[kind]++;
    else if (Date.now() >= window.from) latencies[kind].push(performance.now() - started);
  }
}

/** Least-squares slope of (seconds, bytes) samples, in MiB per minute. */
function slopeMiBPerMinute(samples: { t: number; bytes: number }[]): number {
  const n = samples.length;
  const meanT = samples.reduce((s, p) => s + p.t, 0) / n;
  const meanB = samples.reduce((s, p) => s + p.bytes, 0) / n;
  const num = samples.reduce((s, p) => s + (p.t - meanT) * (p.bytes - meanB), 0);
  const den = samples.reduce((s, p) => s + (p.t - meanT) ** 2, 0);
  return den === 0 ? 0 : ((num / den) * 60) / 2 ** 20;
}

async function main() {
  const pair = await startSideBySide({ withoutMlflow: true });
  try {
    const target = pair.cairn;
    note(pair.describe());
    note(`${WRITERS} writers for ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up; log-metric, log-batch (${BATCH_POINTS} points), set-tag, artifact upload (4 KiB) in turn; load average ${loadAverage()}`);
    const { experiment_id: experimentId } = await mlflowPost<{ experiment_id: string }>(target, 'experiments/create', { name: `soak-${Date.now()}` });
    const writers: Writer[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const { run } = await mlflowPost<{ run: { info: { run_id: string; artifact_uri: string } } }>(target, 'runs/create', { experiment_id: experimentId, start_time: Date.now(), run_name: `writer ${i}` });
      writers.push({ runId: run.info.run_id, artifactPath: run.info.artifact_uri.replace(/^mlflow-artifacts:\/?/, ''), metricSteps: [], batchSteps: [], uploads: [], tags: 0 });
    }

    // Memory of the server's own processes (the database runs elsewhere).
    const serverPid = target.pid;
    const memory: { t: number; bytes: number }[] = [];
    const started = Date.now() + WARMUP_SECONDS * 1000;
    const sampler = setInterval(() => {
      if (Date.now() >= started) memory.push({ t: (Date.now() - started) / 1000, bytes: processTree(serverPid).reduce((sum, pid) => sum + residentBytes(pid), 0) });
    }, 1000);
    const latencies = Object.fromEntries(KINDS.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
    const failures = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
    const window = { from: started, to: started + SECONDS * 1000 };
    await Promise.all(writers.map((writer) => write(target, writer, window, latencies, failures)));
    const elapsed = (Date.now() - started) / 1000;
    clearInterval(sampler);

    const all = KINDS.flatMap((k) => latencies[k]);
    figure('requests answered 200, all kinds', all.length / elapsed, 'req/s');
    figure('p99 latency, all kinds', percentile(all, 99), 'ms');
    for (const kind of KINDS) figure(`  ${kind}: req/s, then p99 ms`, latencies[kind].length / elapsed, `req/s, p99 ${percentile(latencies[kind], 99).toFixed(1)} ms`);
    figure('requests not answered 200', KINDS.reduce((s, k) => s + failures[k], 0), 'requests');

    const check = await checkStored(target.databaseUrl, writers);
    figure('acknowledged metric points', check.acknowledged, 'points');
    figure('acknowledged points missing', check.missing, 'points');
    figure('points stored more than once', check.duplicated, 'points');
    figure('acknowledged artifact uploads missing', check.uploadsMissing, `of ${check.uploads}`);

    const lastHalf = memory.filter((s) => s.t >= elapsed / 2);
    const mib = (bytes: number) => bytes / 2 ** 20;
    figure('server RSS (primary + server processes) at the end', mib(memory.at(-1)?.bytes ?? 0), 'MiB');
    figure('server RSS min/max over the last half', mib(Math.min(...lastHalf.map((s) => s.bytes))), `MiB .. ${mib(Math.max(...lastHalf.map((s) => s.bytes))).toFixed(0)} MiB`);
    figure('server RSS slope over the last half', slopeMiBPerMinute(lastHalf), 'MiB/min');
    const tenths = Array.from({ length: 10 }, (_, i) => memory.find((sample) => sample.t >= ((i + 1) * elapsed) / 10) ?? memory.at(-1)!);
    note(`server RSS by tenth of the run (MiB): ${tenths.map((sample) => mib(sample.bytes).toFixed(0)).join(' ')}`);
    note(`load average at the end ${loadAverage()}`);
  } finally {
    await pair.close();
  }
}

async function checkStored(databaseUrl: string, writers: Writer[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let acknowledged = 0;
    let missing = 0;
    let duplicated = 0;
    let uploads = 0;
    let uploadsMissing = 0;
    for (const writer of writers) {
      for (const [key, steps] of [['loss', writer.metricSteps], ['acc', writer.batchSteps]] as const) {
        acknowledged += steps.length;
        // Each step was sent with one value: a second row for a step would be a duplicate.
        const { rows } = await client.query<{ found: number; duplicated: number }>(
          `SELECT (count(DISTINCT step) FILTER (WHERE step = ANY($3::bigint[])))::int AS found, (count(*) - count(DISTINCT step))::int AS duplicated
             FROM metric_points WHERE run_id = $1 AND key = $2`,
          [writer.runId, key, steps],
        );
        missing += steps.length - rows[0].found;
        duplicated += rows[0].duplicated;
      }
      uploads += writer.uploads.length;
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM artifacts WHERE run_id = $1 AND path = ANY($2::text[])`, [writer.runId, writer.uploads]);
      uploadsMissing += writer.uploads.length - rows[0].n;
    }
    return { acknowledged, missing, duplicated, uploads, uploadsMissing };
  } finally {
    await client.end();
  }
}

await main();
