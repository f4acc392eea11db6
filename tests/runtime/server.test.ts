// `npm start` as an operator meets it: embedded PostgreSQL in the data dir, data kept across
// restarts, one instance per data dir, a clear message for a busy port, health that follows
// the database, and nothing left running after SIGTERM. Runs the production build, so it
// needs one (`npm test` builds first).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

function embeddedUrl(dataDir: string): string {
  const port = fs.readFileSync(path.join(dataDir, 'pg-port'), 'utf8').trim();
  const password = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  return `postgresql://postgres:${password}@localhost:${port}/cairn`;
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

  it('answers 503 on health while the database is down, and 200 again once npm start has restarted it', async () => {
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
    const postmaster = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postmaster, 'SIGINT'); // stopped from outside: npm start did not ask for it
    let response = await fetch(`${server.baseUrl}/api/health`);
    for (let i = 0; i < 600 && response.status !== 503; i++) {
      await new Promise((r) => setTimeout(r, 20));
      response = await fetch(`${server.baseUrl}/api/health`);
    }
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'error', db: 'unreachable' });
    for (let i = 0; i < 600 && response.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      response = await fetch(`${server.baseUrl}/api/health`);
    }
    expect(response.status).toBe(200);
    expect(server.output()).toMatch(/Embedded PostgreSQL \(pid \d+\) exited unexpectedly: restarting it/);
  }, 120_000);
});
