// A fresh database per test file, cloned from the migrated template the global setup made.
// Call `setupTestDatabase()` at the top level of a test file; DATABASE_URL is set for the
// file from beforeAll on, and the database is dropped after the file.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { closeDb } from '../../lib/db/client.ts';

const TEMPLATE_DATABASE = 'cairn_template';

export type TestDatabase = { readonly url: string };

export function adminUrl(): string {
  const url = inject('cairnAdminUrl') ?? process.env.CAIRN_TEST_ADMIN_URL;
  if (!url) throw new Error('No test PostgreSQL: run tests through vitest (vitest.config.ts registers tests/global-setup.ts)');
  return url;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a database cloned from the migrated template; returns its URL. */
export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `cairn_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

let fileDatabase: TestDatabase | undefined;

/**
 * The test file's database (one per file: a second call, e.g. from setupTestApp, returns
 * the same one). Registers beforeAll (create, set DATABASE_URL) and afterAll (close the
 * app's pool, drop it).
 */
export function setupTestDatabase(): TestDatabase {
  if (fileDatabase) return fileDatabase;
  let current: { name: string; url: string } | undefined;
  beforeAll(async () => {
    current = await createTestDatabase();
    process.env.DATABASE_URL = current.url;
  });
  afterAll(async () => {
    await closeDb();
    if (current) await dropTestDatabase(current.name);
  });
  fileDatabase = {
    get url() {
      if (!current) throw new Error('The test database exists from beforeAll on; read .url inside hooks or tests');
      return current.url;
    },
  };
  return fileDatabase;
}
