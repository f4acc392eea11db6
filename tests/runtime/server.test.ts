// `npm start` as an operator meets it: embedded PostgreSQL in the data dir, data kept across
// restarts, one instance per data dir, a clear message for a busy port, health that follows
// the database, and nothing left running after SIGTERM. Runs the production build, so it
// needs one (`npm test` builds first).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type StartedServer } from '../helpers/app.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const hasBuild = fs.existsSync(path.join(repoRoot, '.next', 'BUILD_ID'));
if (!hasBuild) console.warn('tests/runtime/server.test.ts is skipped: there is no production build (run `npm run build`; `npm test` does)');

const dataDirs: string[] = [];
function freshDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-runtime-'));
  fs.chmodSync(dir, 0o755); // reachable by user postgres when we run as root: the cluster stays inside
  dataDirs.push(dir);
  return dir;
}

/** Embedded server on its own data dir, as a user starts it: no DATABASE_URL, no AUTH_SECRET. */
function startEmbedded(dataDir: string) {
  return startServer({ CAIRN_DATA_DIR: dataDir, DATABASE_URL: undefined, AUTH_SECRET: undefined });
}

const EMBEDDED_DATABASE = 'cairn';

function embeddedUrl(dataDir: string, database = EMBEDDED_DATABASE): string {
  const port = fs.readFileSync(path.join(dataDir, 'pg-port'), 'utf8').trim();
  const password = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  return `postgresql://postgres:${password}@localhost:${port}/${database}`;
}

/** The cluster's maintenance database: reachable while `cairn` refuses connections. */
const embeddedAdminUrl = (dataDir: string) => embeddedUrl(dataDir, 'postgres');

function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** GET /api/health; gives up after 10 s (the route's own database check gives up after 2 s). */
async function health(baseUrl: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.json() };
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** PIDs of postgres processes serving a cluster under `dataDir`. */
function postgresProcessesFor(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (path.basename(argv[0]) === 'postgres' && argv.some((arg) => arg.startsWith(path.join(dataDir, 'pg')))) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** Runs start.ts expecting it to give up; resolves with its exit code and output. */
async function expectRefusal(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  try {
    const server = await startServer(env);
    await server.stop();
    throw new Error(`the server started although it should have refused:\n${server.output()}`);
  } catch (error) {
    const message = (error as Error).message;
    const match = /exited \(code (\S+)\) before it was ready:\n([\s\S]*)$/.exec(message);
    if (!match) throw error;
    return { code: match[1] === 'null' ? null : Number(match[1]), output: match[2] };
  }
}

afterAll(() => {
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasBuild)('npm start (embedded PostgreSQL)', () => {
  let dataDir: string;
  let server: StartedServer;

  beforeAll(async () => {
    dataDir = freshDataDir();
    server = await startEmbedded(dataDir);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('serves health from its own PostgreSQL in the data dir', async () => {
    const response = await fetch(`${server.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', db: 'ok' });
    expect(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    expect(fs.statSync(path.join(dataDir, 'pg-password')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dataDir, 'auth-secret')).mode & 0o777).toBe(0o600);
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);
  });

  it('refuses a second instance on the same data dir with a clear message', async () => {
    const refusal = await expectRefusal({ CAIRN_DATA_DIR: dataDir, DATABASE_URL: undefined });
    expect(refusal.code).toBe(1);
    expect(refusal.output).toMatch(/Another Cairn is already running on the data dir/);
    // The first one is unharmed.
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  });

  it('refuses a port in use with a clear message and leaves no database behind', async () => {
    const otherDir = freshDataDir();
    const port = new URL(server.baseUrl).port;
    const refusal = await expectRefusal({ CAIRN_DATA_DIR: otherDir, DATABASE_URL: undefined, PORT: port });
    expect(refusal.code).toBe(1);
    expect(refusal.output).toMatch(new RegExp(`Port ${port} is already in use`));
    expect(postgresProcessesFor(otherDir)).toEqual([]);
  });

  it('keeps data across a restart, and SIGTERM leaves no postgres running', async () => {
    await sql(embeddedUrl(dataDir), `INSERT INTO teams (id, slug, name, updated_at) VALUES ('persist-1', 'persist', 'Persisted', now())`);
    const code = await server.stop();
    expect(code).toBe(0);
    expect(server.output()).toMatch(/SIGTERM received, shutting down/);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'pg-port'))).toBe(false);

    const secret = fs.readFileSync(path.join(dataDir, 'auth-secret'), 'utf8');
    server = await startEmbedded(dataDir);
    expect(fs.readFileSync(path.join(dataDir, 'auth-secret'), 'utf8')).toBe(secret); // sessions survive restarts
    expect(await sql(embeddedUrl(dataDir), `SELECT name FROM teams WHERE id = 'persist-1'`)).toEqual([{ name: 'Persisted' }]);
  });

  // The down window is the test's own: the database refuses connections (even a superuser's)
  // until the test lets them in again, so no poll can miss it however loaded the machine is.
  it('answers 503 on health while the database refuses connections, and 200 again once it accepts them', async () => {
    expect(await health(server.baseUrl)).toEqual({ status: 200, body: { status: 'ok', db: 'ok' } });
    const admin = new pg.Client({ connectionString: embeddedAdminUrl(dataDir) });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${EMBEDDED_DATABASE} ALLOW_CONNECTIONS false`);
      // Cut the connections already open (the server processes' pools, their LISTEN connection)
      // until none is left: from here on the server cannot reach its database at all.
      await vi.waitUntil(
        async () => {
          const { rows } = await admin.query<{ open: number }>(
            'SELECT count(*)::int AS open, count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1',
            [EMBEDDED_DATABASE],
          );
          return rows[0].open === 0;
        },
        { timeout: 30_000, interval: 50 },
      );
      // Every answer now, from every server process (the port is shared), is a 503.
      for (let i = 0; i < 6; i++) {
        expect(await health(server.baseUrl)).toEqual({ status: 503, body: { status: 'error', db: 'unreachable' } });
      }
      await admin.query(`ALTER DATABASE ${EMBEDDED_DATABASE} ALLOW_CONNECTIONS true`);
      // The pools reconnect on their own: no restart of Cairn.
      await vi.waitUntil(async () => (await health(server.baseUrl)).status === 200, { timeout: 30_000, interval: 100 });
      for (let i = 0; i < 6; i++) {
        expect(await health(server.baseUrl)).toEqual({ status: 200, body: { status: 'ok', db: 'ok' } });
      }
    } finally {
      await admin.query(`ALTER DATABASE ${EMBEDDED_DATABASE} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
    }
  }, 120_000);

  // Whether health catches the short outage is the test above's job; here: the cluster comes
  // back on its port by itself, under the same Cairn.
  it('restarts the embedded PostgreSQL on the same port when it is stopped from outside, and health answers 200 again without restarting Cairn', async () => {
    expect((await health(server.baseUrl)).status).toBe(200);
    const port = fs.readFileSync(path.join(dataDir, 'pg-port'), 'utf8');
    const postmaster = postmasterPid(dataDir);
    const readyLines = (server.output().match(/Cairn is ready on/g) ?? []).length;
    process.kill(postmaster, 'SIGINT'); // stopped from outside: npm start did not ask for it
    const restarting = new RegExp(`Embedded PostgreSQL \\(pid ${postmaster}\\) exited unexpectedly: restarting it on port ${port.trim()}\\n`);
    await vi.waitUntil(() => restarting.test(server.output()), { timeout: 60_000, interval: 50 });
    // The postmaster that exited can answer nothing now: a 200 is the restarted one's.
    await vi.waitUntil(async () => (await health(server.baseUrl)).status === 200, { timeout: 60_000, interval: 100 });
    expect(await health(server.baseUrl)).toEqual({ status: 200, body: { status: 'ok', db: 'ok' } });
    expect(postmasterPid(dataDir)).not.toBe(postmaster);
    expect(fs.readFileSync(path.join(dataDir, 'pg-port'), 'utf8')).toBe(port);
    // The supervisor says so once the new cluster answers, which may be just after health does.
    const back = new RegExp(`Embedded PostgreSQL is back on port ${port.trim()} `);
    await vi.waitUntil(() => back.test(server.output()), { timeout: 10_000, interval: 50 });
    // Same Cairn: still running, never started again.
    expect(server.child.exitCode).toBeNull();
    expect((server.output().match(/Cairn is ready on/g) ?? []).length).toBe(readyLines);
  }, 120_000);
});
