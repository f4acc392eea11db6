// A throwaway PostgreSQL for one bench file: the embedded cluster Cairn ships, started in a
// temp dir with the server's DEFAULT settings (durable commits: fsync and synchronous_commit
// on, as `npm start` runs it), migrated, DATABASE_URL set for the app code; torn down after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb } from '../../lib/db/client.ts';
import { startEmbeddedPostgres } from '../../lib/db/embedded-postgres.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { ensureDatabase } from '../../lib/runtime/database.ts';

export type BenchDatabase = { url: string; close(): Promise<void> };

export async function startBenchDatabase(): Promise<BenchDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-pg-'));
  // mkdtemp makes it 700: as root, user postgres could not reach it and the cluster would move.
  fs.chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: dir });
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await ensureDatabase(server.url(), 'cairn_bench');
    const url = server.url('cairn_bench');
    await migrate(url);
    process.env.DATABASE_URL = url;
    return {
      url,
      async close() {
        await closeDb();
        delete process.env.DATABASE_URL;
        await server.stop();
        remove();
      },
    };
  } catch (error) {
    await server.stop();
    remove();
    throw error;
  }
}

/** Runs `fn` against a fresh bench database, always tearing it down. */
export async function withBenchDatabase<T>(fn: (database: BenchDatabase) => Promise<T>): Promise<T> {
  const database = await startBenchDatabase();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}
