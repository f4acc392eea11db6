// vitest globalSetup: one PostgreSQL for the whole run (embedded, in a temp dir, unless
// CAIRN_TEST_ADMIN_URL points at a server where we may CREATE DATABASE), with a migrated
// template `cairn_template` that every test file clones (tests/helpers/database.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../lib/db/embedded-postgres.ts';
import { migrate } from '../lib/db/migrate.ts';

export const TEMPLATE_DATABASE = 'cairn_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL (database `postgres`). */
    cairnAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  let adminUrl = process.env.CAIRN_TEST_ADMIN_URL;
  let teardown = async () => undefined as void;
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-test-pg-'));
    // mkdtemp makes it 700: as root, user postgres could not reach it and the cluster would
    // move to /var/tmp/cairn-data (and outlive this run).
    fs.chmodSync(dir, 0o755);
    // Throwaway cluster: durability off makes CREATE DATABASE ... TEMPLATE and writes cheap.
    const server = await startEmbeddedPostgres({
      dataDir: dir,
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: 300 },
    });
    adminUrl = server.url();
    teardown = async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    const migrated = await createTemplate(adminUrl);
    if (process.env.CAIRN_TEST_TIMING) {
      console.log(`[test db] cluster ready + template migrated in ${Date.now() - started} ms (migrations ${migrated} ms)`);
    }
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('cairnAdminUrl', adminUrl);
  process.env.CAIRN_TEST_ADMIN_URL = adminUrl;
  return teardown;
}

async function createTemplate(adminUrl: string): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${TEMPLATE_DATABASE}`;
  const started = Date.now();
  await migrate(url.toString());
  return Date.now() - started;
}
