// Crashes under load, with real processes: (a) the whole server (primary and its server
// processes) killed with SIGKILL in the middle of concurrent log-batch traffic: after a
// restart every batch answered 200 is there exactly once, and retrying every batch (those
// never answered and, as a client whose answer got lost would, the answered ones) duplicates
// nothing: points, latest values and chart buckets count each point once. (b) The embedded
// PostgreSQL killed under load: health answers 503, requests fail with a retryable 503 +
// Retry-After in MLflow's shape (never a 500), and npm start's primary brings the cluster back
// on its own; the server processes reconnect and serve again.
// Runs the production build, so it needs one (`npm test` builds first).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../helpers/database.ts';
import { teamWorld } from '../helpers/fixtures.ts';
import { hasProductionBuild, startServer, type StartedServer } from '../helpers/server-process.ts';
import { signInWithPassword } from '../helpers/sign-in.ts';
import { commandOf, processTree } from '../helpers/process-tree.ts';
import type { TestApp } from '../helpers/app.ts';

const database = setupTestDatabase();
const started: StartedServer[] = [];
const dataDirs: string[] = [];

afterAll(async () => {
  for (const server of started) {
    for (const pid of processTree(server.child.pid!)) if (pid !== server.child.pid) killQuietly(pid);
    await server.stop();
  }
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function newDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-crash-'));
  fs.chmodSync(dir, 0o755); // as root, user postgres keeps its cluster inside
  dataDirs.push(dir);
  return dir;
}

async function start(env: Record<string, string>): Promise<StartedServer> {
  const server = await startServer({ CAIRN_WORKERS: '2', CAIRN_DATA_DIR: newDataDir(), ...env });
  started.push(server);
  return server;
}

function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL') {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

type Batch = { runId: string; key: string; steps: number[] };
const POINTS_PER_BATCH = 200;

function batchBody(batch: Batch) {
  return JSON.stringify({
    run_id: batch.runId,
    metrics: batch.steps.map((step) => ({ key: batch.key, value: step / 7, timestamp: 1_700_000_000_000 + step, step })),
  });
}

async function logBatch(baseUrl: string, token: string, batch: Batch): Promise<{ status: number; retryAfter: string | null; body: string } | 'no answer'> {
  try {
    const response = await fetch(`${baseUrl}/api/2.0/mlflow/runs/log-batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: batchBody(batch),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
  } catch {
    return 'no answer';
  }
}

/** Writers sending batches until `stop()`; each batch is new points of the writer's own key. */
function traffic(baseUrl: string, token: string, runIds: string[], writers: number) {
  const sent: { batch: Batch; answer: Awaited<ReturnType<typeof logBatch>> | 'pending' }[] = [];
  let running = true;
  const loops = Array.from({ length: writers }, async (_, writer) => {
    for (let n = 0; running; n++) {
      const batch = { runId: runIds[writer % runIds.length], key: `w${writer}`, steps: Array.from({ length: POINTS_PER_BATCH }, (_, i) => n * POINTS_PER_BATCH + i) };
      const entry: (typeof sent)[number] = { batch, answer: 'pending' };
      sent.push(entry);
      entry.answer = await logBatch(baseUrl, token, batch);
      if (entry.answer === 'no answer') await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  return {
    sent,
    answered: () => sent.filter((s) => s.answer !== 'pending' && s.answer !== 'no answer' && s.answer.status === 200).length,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function until(condition: () => Promise<boolean> | boolean, what: string, limitMs = 120_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function createRuns(baseUrl: string, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${baseUrl}/api/2.0/mlflow/runs/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ experiment_id: '0', start_time: Date.now(), run_name: `crash ${i}` }),
    });
    expect(response.status).toBe(200);
    ids.push(((await response.json()) as any).run.info.run_id);
  }
  return ids;
}

describe.skipIf(!hasProductionBuild())('crashes under load', () => {
  it('kill -9 of the server during log-batch traffic: answered batches are there exactly once; retries add nothing', async () => {
    const world = await teamWorld();
    const token = world.tokens.write;
    const first = await start({ DATABASE_URL: database.url });
    const runIds = await createRuns(first.baseUrl, token, 4);
    const load = traffic(first.baseUrl, token, runIds, 12);
    await until(() => load.answered() >= 40, 'some batches answered');
    const tree = processTree(first.child.pid!);
    expect(tree.length).toBeGreaterThanOrEqual(3); // the primary and its two server processes
    const inFlight = load.sent.length - load.answered();
    for (const pid of tree) killQuietly(pid);
    await load.stop();
    await first.stop();

    const answered = load.sent.filter((s) => s.answer !== 'no answer' && s.answer !== 'pending' && s.answer.status === 200);
    const unanswered = load.sent.filter((s) => s.answer === 'no answer');
    expect(answered.length).toBeGreaterThanOrEqual(40);
    // Batches in flight at the kill: some were answered (the answer was on its way), the others never.
    console.log(`kill -9: ${load.sent.length} batches of ${POINTS_PER_BATCH} points from 12 writers, ${inFlight} in flight at the kill; ${answered.length} answered 200, ${unanswered.length} never answered`);
    expect(load.sent.every((s) => s.answer === 'no answer' || (s.answer !== 'pending' && s.answer.status === 200))).toBe(true);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const countOf = async (batch: Batch) =>
        (await client.query<{ n: number; distinct_steps: number }>(
          `SELECT count(*)::int AS n, count(DISTINCT step)::int AS distinct_steps FROM metric_points WHERE run_id = $1 AND key = $2 AND step = ANY($3::bigint[])`,
          [batch.runId, batch.key, batch.steps],
        )).rows[0];
      for (const { batch } of answered) expect(await countOf(batch)).toEqual({ n: POINTS_PER_BATCH, distinct_steps: POINTS_PER_BATCH });
      // A batch never answered went in whole or not at all: one statement, one transaction.
      let committedUnanswered = 0;
      for (const { batch } of unanswered) {
        const { n } = await countOf(batch);
        expect([0, POINTS_PER_BATCH]).toContain(n);
        if (n > 0) committedUnanswered++;
      }
      console.log(`kill -9: of the batches never answered, ${committedUnanswered} had been committed whole, ${unanswered.length - committedUnanswered} not at all`);

      // A new server on the same database; every batch is retried once more.
      const second = await start({ DATABASE_URL: database.url });
      for (const { batch } of [...unanswered, ...answered]) {
        const answer = await logBatch(second.baseUrl, token, batch);
        expect(answer !== 'no answer' && answer.status).toBe(200);
      }
      const total = load.sent.length * POINTS_PER_BATCH;
      const { rows } = await client.query<{ points: number; distinct_points: number }>(
        `SELECT count(*)::int AS points, count(DISTINCT (run_id, key, step))::int AS distinct_points FROM metric_points WHERE run_id = ANY($1::text[])`,
        [runIds],
      );
      expect(rows[0]).toEqual({ points: total, distinct_points: total });
      // Chart summaries count each point once (finest buckets), and the latest value is the last step.
      const buckets = await client.query<{ n: number }>(`SELECT coalesce(sum(count), 0)::int AS n FROM metric_buckets WHERE run_id = ANY($1::text[]) AND shift = (SELECT min(shift) FROM metric_buckets)`, [runIds]);
      expect(buckets.rows[0].n).toBe(total);
      const latest = await client.query<{ key: string; step: string }>(`SELECT key, step::text FROM latest_metrics WHERE run_id = ANY($1::text[]) ORDER BY key`, [runIds]);
      for (const row of latest.rows) {
        const steps = load.sent.filter((s) => s.batch.key === row.key).flatMap((s) => s.batch.steps);
        expect(Number(row.step)).toBe(Math.max(...steps));
      }
    } finally {
      await client.end();
    }
  }, 300_000);

  it('the embedded PostgreSQL killed under load: 503 + Retry-After, then back without a manual step', async () => {
    const server = await start({ DATABASE_URL: '' });
    const email = `crash-${Date.now()}@example.com`;
    const password = 'a sturdy passphrase for crash tests 9';
    expect((await fetch(`${server.baseUrl}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, name: 'Crash' }) })).status).toBe(201);
    const app = { fetch: (p: string, init?: RequestInit) => fetch(`${server.baseUrl}${p}`, init) } as TestApp;
    const { cookies } = await signInWithPassword(app, email, password);
    const cookie = `authjs.session-token=${cookies.get('authjs.session-token')}`;
    const gql = async (query: string, variables: object) =>
      ((await (await fetch(`${server.baseUrl}/api/graphql`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json()) as any).data;
    const team = (await gql('mutation($n: String!) { createTeam(input: { name: $n }) { id } }', { n: 'Crash team' })).createTeam;
    const { token } = (await gql('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }', { i: { teamId: team.id, name: 'crash', scope: 'WRITE' } })).createApiToken;
    const runIds = await createRuns(server.baseUrl, token, 2);

    const load = traffic(server.baseUrl, token, runIds, 6);
    await until(() => load.answered() >= 20, 'some batches answered');
    const postmaster = processTree(server.child.pid!).find((pid) => {
      const argv = commandOf(pid);
      return path.basename(argv[0] ?? '') === 'postgres' && argv.includes('-D');
    });
    expect(postmaster).toBeDefined();
    killQuietly(postmaster!);

    const healthDuringOutage: number[] = [];
    await until(async () => {
      const health = await fetch(`${server.baseUrl}/api/health`);
      healthDuringOutage.push(health.status);
      return health.status === 503;
    }, 'health answers 503 while PostgreSQL is down');
    await until(() => /Embedded PostgreSQL is back on port/.test(server.output()), 'the primary restarts the cluster');
    await until(async () => (await fetch(`${server.baseUrl}/api/health`)).status === 200, 'health answers 200 again');
    const before = load.answered();
    await until(() => load.answered() >= before + 20, 'batches answered again after the restart');
    await load.stop();

    expect(load.sent.filter((s) => s.answer === 'no answer').length).toBe(0); // the server itself stayed up
    const answers = load.sent.map((s) => s.answer).filter((a): a is Exclude<typeof a, 'pending' | 'no answer'> => a !== 'pending' && a !== 'no answer');
    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    for (const refused of answers.filter((a) => a.status === 503)) {
      expect(refused.retryAfter).toMatch(/^\d+$/);
      expect(JSON.parse(refused.body).error_code).toBe('TEMPORARILY_UNAVAILABLE');
    }
    expect(server.output()).toMatch(/exited unexpectedly: restarting it/);
    const refusedCount = answers.filter((a) => a.status === 503).length;
    console.log(`PostgreSQL killed: ${answers.length} batches answered (${refusedCount} with 503 + Retry-After, none with another error); health polled ${healthDuringOutage.length} times until 503`);
    // No manual step: the same server process answers and writes.
    const after = await logBatch(server.baseUrl, token, { runId: runIds[0], key: 'after', steps: [1] });
    expect(after !== 'no answer' && after.status).toBe(200);
  }, 300_000);
});
