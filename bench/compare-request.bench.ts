// The compare page's one GraphQL request (components/compare/compare-request.ts) on the
// server alone: 100 runs with 2 metrics of 500 points each (the compare-page bench's data),
// through the GraphQL handler in this process with a session's token. Prints the request's
// time, its SQL round trips and its response size, and, with BENCH_VERBOSE=1, each
// statement's time, and with BENCH_PROFILE=1 where the process spent the requests, so the
// browser bench's figure can be split into server and page.
//
//   npx tsx bench/compare-request.bench.ts      (or `npm run bench -- compare-request`)
import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { handleGraphQLRequest } from '../graphql/server.ts';
import { logBatch } from '../lib/tracking/run-data/log-batch.ts';
import { createApiToken } from '../lib/tokens/create-api-token.ts';
import { compareRequest } from '../components/compare/compare-request.ts';
import { DEFAULT_COMPARE_STATE } from '../components/compare/compare-state.ts';
import { query } from '../lib/db/sql.ts';
import { summarizeCpuProfiles } from './support/cpu-profile.ts';
import { withBenchDatabase } from './support/database.ts';
import { figure, loadAverage, median, note, percentile } from './support/report.ts';
import { createBenchWorld } from './support/world.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const POINTS = 500;
const post = (session: inspector.Session, method: string) =>
  new Promise<unknown>((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 15);

await withBenchDatabase(async () => {
  const world = await createBenchWorld();
  const runIds: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const runId = await world.newRun(`trial-${i}`);
    runIds.push(runId);
    const quality = 0.7 + ((i * 37) % 11) / 50;
    const metrics = Array.from({ length: POINTS }, (_, epoch) => {
      const t = (epoch + 1) / POINTS;
      const timestamp = 1_700_000_000_000 + i * 600_000 + epoch * 1000;
      return [
        { key: 'loss', value: 2.3 * Math.exp(-3 * t * (quality + 0.3)) + 0.05 * Math.sin(epoch + i), timestamp, step: epoch },
        { key: 'val_accuracy', value: quality * (1 - Math.exp(-5 * t)), timestamp, step: epoch },
      ];
    }).flat();
    await logBatch(world.principal, { runId, params: [{ key: 'lr', value: String([0.1, 0.03, 0.01][i % 3]) }, { key: 'batch', value: String(32 << i % 3) }] });
    for (let j = 0; j < metrics.length; j += 1000) await logBatch(world.principal, { runId, metrics: metrics.slice(j, j + 1000) });
  }
  await query('VACUUM (ANALYZE) metric_points, metric_buckets, latest_metrics');
  const { token } = await createApiToken(world.principal, { teamId: world.teamId, name: 'bench', scope: 'READ' });
  const request = compareRequest(runIds, DEFAULT_COMPARE_STATE, false);
  const body = JSON.stringify(request);

  // Every statement sent while a request runs, with its time.
  let recording: { text: string; started: number; ms: number }[] | null = null;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = (typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').trim().slice(0, 90);
    if (recording && !/pg_notify|LISTEN/.test(text)) {
      const entry = { text, started: performance.now(), ms: NaN };
      recording.push(entry);
      const done = () => (entry.ms = performance.now() - entry.started);
      const last = args.length - 1;
      // pg.Pool passes a callback; Prisma's adapter awaits the promise.
      if (typeof args[last] === 'function') {
        const callback = args[last] as (...a: unknown[]) => unknown;
        args[last] = (...a: unknown[]) => (done(), callback(...a));
      } else {
        const result = (original as (...a: unknown[]) => unknown).apply(this, args);
        if (result instanceof Promise) void result.then(done, () => undefined);
        return result;
      }
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;

  const send = async () => {
    const response = await handleGraphQLRequest(
      new Request('http://localhost/api/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body }),
    );
    const text = await response.text();
    if (!response.ok || text.includes('"errors"')) throw new Error(`compare request failed: ${text.slice(0, 500)}`);
    return text.length;
  };
  await send();
  await send();
  // BENCH_PROFILE=1: where this process spent the timed requests (V8's CPU profiler).
  const profiler = process.env.BENCH_PROFILE ? new inspector.Session() : null;
  if (profiler) {
    profiler.connect();
    await post(profiler, 'Profiler.enable');
    await post(profiler, 'Profiler.start');
  }
  const times: number[] = [];
  let bytes = 0;
  let statements: { text: string; started: number; ms: number }[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    recording = [];
    const started = performance.now();
    bytes = await send();
    times.push(performance.now() - started);
    statements = recording.map((s) => ({ ...s, started: s.started - started }));
    recording = null;
  }
  pg.Client.prototype.query = original;
  if (profiler) {
    const { profile } = (await post(profiler, 'Profiler.stop')) as { profile: unknown };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-compare-profile-'));
    fs.writeFileSync(path.join(dir, 'compare-request.cpuprofile'), JSON.stringify(profile));
    summarizeCpuProfiles(dir, 25);
  }

  note(`load average ${loadAverage()}`);
  figure(`compareRuns of ${RUNS} runs x 2 metrics x ${POINTS} pts, server only (median)`, median(times), 'ms');
  figure('  same, p95', percentile(times, 95), 'ms');
  figure('  SQL round trips', statements.length, 'statements');
  figure('  response', bytes / 1024, 'KiB');
  if (process.env.BENCH_VERBOSE) for (const s of statements) note(`  at ${s.started.toFixed(0).padStart(4)} ms ${s.ms.toFixed(1).padStart(7)} ms  ${s.text}`);
});
