// Which PostgreSQL Cairn talks to: DATABASE_URL when set, otherwise the embedded cluster of
// the data dir (database `cairn`). Used by scripts/start.ts, scripts/migrate.ts and the
// admin CLI; the app itself only ever sees DATABASE_URL.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded-postgres.ts';
import { migrate } from '../db/migrate.ts';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';

export const EMBEDDED_DATABASE_NAME = 'cairn';

export type DatabaseHandle = {
  url: string;
  /** The cluster this process started, if any. */
  embedded: EmbeddedPostgres | null;
  /** Stops what this process started (cluster, lock); leaves anything else running. */
  close(): Promise<void>;
};

type Log = (message: string) => void;

/** CREATE DATABASE unless it exists (CREATE DATABASE cannot run inside a transaction or take IF NOT EXISTS). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch((error: { code?: string }) => {
      if (error.code !== '42P04') throw error; // created concurrently
    });
  } finally {
    await client.end();
  }
}

/**
 * Starts the data dir's embedded cluster and makes sure database `cairn` exists. The caller
 * must hold the data-dir lock. Leaves `<dataDir>/pg-port` so CLIs can reach the running server.
 *
 * With `supervise` (npm start), a cluster that dies without being asked to (killed, crashed,
 * out of memory) is started again on the same port, so DATABASE_URL stays right for every
 * server process: their pools and LISTEN connection reconnect by themselves and nobody has to
 * restart Cairn. Meanwhile health answers 503 and requests fail with a retryable 503.
 */
export async function startEmbeddedDatabase(dataDir: string, log: Log, options: { supervise?: boolean } = {}): Promise<DatabaseHandle> {
  const started = Date.now();
  const serverLogFile = path.join(dataDir, 'postgres.log');
  const embedded = await startEmbeddedPostgres({ dataDir, log, serverLogFile });
  const portFile = path.join(dataDir, 'pg-port');
  try {
    await ensureDatabase(embedded.url(), EMBEDDED_DATABASE_NAME);
    fs.writeFileSync(portFile, `${embedded.port}\n`, { mode: 0o600 });
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  log(`Embedded PostgreSQL is up on port ${embedded.port} (${Date.now() - started} ms)`);
  let current = embedded;
  let closing = false;
  const restartWhenItDies = (cluster: EmbeddedPostgres) => {
    void cluster.exited.then(async () => {
      if (closing) return;
      log(`Embedded PostgreSQL (pid ${cluster.pid}) exited unexpectedly: restarting it on port ${cluster.port}`);
      for (let attempt = 1; !closing; attempt++) {
        try {
          // Its backends outlive a killed postmaster for a moment and hold its shared memory:
          // the first attempts may be refused.
          current = await startEmbeddedPostgres({ dataDir, log, serverLogFile, port: cluster.port });
          if (closing) return void (await current.stop());
          log(`Embedded PostgreSQL is back on port ${cluster.port} (attempt ${attempt})`);
          restartWhenItDies(current);
          return;
        } catch (error) {
          log(`Embedded PostgreSQL did not restart (attempt ${attempt}): ${(error as Error).message.split('\n')[0]}`);
          await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempt, 5_000)));
        }
      }
    });
  };
  if (options.supervise) restartWhenItDies(embedded);
  return {
    url: embedded.url(EMBEDDED_DATABASE_NAME),
    embedded,
    async close() {
      closing = true;
      fs.rmSync(portFile, { force: true });
      await current.stop();
    },
  };
}

/**
 * For command-line tools, whether or not the server runs: DATABASE_URL; else the embedded
 * cluster of a running Cairn on this data dir; else start that cluster for the duration
 * (holding the data-dir lock). Migrates first unless `migrate: false`.
 */
export async function openDatabase(options: { dataDir: string; log?: Log; migrate?: boolean }): Promise<DatabaseHandle> {
  const log = options.log ?? (() => undefined);
  const ready = async (handle: DatabaseHandle) => {
    if (options.migrate !== false) {
      try {
        await migrate(handle.url, { log });
      } catch (error) {
        await handle.close();
        throw error;
      }
    }
    return handle;
  };
  if (process.env.DATABASE_URL) {
    return ready({ url: process.env.DATABASE_URL, embedded: null, close: async () => undefined });
  }
  let lock;
  try {
    lock = await lockDataDir(options.dataDir, log);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const url = runningServerUrl(options.dataDir);
    if (!url) throw error;
    return ready({ url, embedded: null, close: async () => undefined });
  }
  try {
    const handle = await startEmbeddedDatabase(options.dataDir, log);
    return ready({
      ...handle,
      async close() {
        await handle.close();
        await lock.release();
      },
    });
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** URL of the embedded cluster a running Cairn started on this data dir, if any. */
function runningServerUrl(dataDir: string): string | null {
  try {
    const port = Number(fs.readFileSync(path.join(dataDir, 'pg-port'), 'utf8').trim());
    const password = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    return port ? `postgresql://postgres:${password}@localhost:${port}/${EMBEDDED_DATABASE_NAME}` : null;
  } catch {
    return null;
  }
}
