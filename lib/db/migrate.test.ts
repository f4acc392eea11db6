import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dropTestDatabase, adminUrl } from '../../tests/helpers/database.ts';
import { checksumOf, defaultMigrationsDir, migrate, MigrationError, readMigrations } from './migrate.ts';

const created: string[] = [];
let workDir: string;

async function emptyDatabase(): Promise<string> {
  const name = `cairn_migrate_${process.pid}_${created.length}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  created.push(name);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function rows(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A migrations folder of our own, so tests can edit files. */
function migrationsDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(workDir, 'migrations-'));
  for (const [name, sql] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  fs.writeFileSync(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  return dir;
}

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-migrate-test-'));
});
afterAll(async () => {
  for (const name of created) await dropTestDatabase(name);
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('migrate', () => {
  it('applies the real migrations to a fresh database and records them as prisma migrate deploy does', async () => {
    const url = await emptyDatabase();
    const result = await migrate(url);
    const onDisk = readMigrations();
    expect(result.applied).toEqual(onDisk.map((m) => m.name));

    const recorded = await rows(url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(recorded).toHaveLength(onDisk.length);
    for (const [i, row] of recorded.entries()) {
      const file = fs.readFileSync(path.join(defaultMigrationsDir, onDisk[i].name, 'migration.sql'));
      expect(row).toMatchObject({ migration_name: onDisk[i].name, checksum: checksumOf(file), applied_steps_count: 1, logs: null, rolled_back_at: null });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }

    const columns = await rows(
      url,
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => [c.column_name, c.data_type, c.character_maximum_length, c.is_nullable, c.column_default])).toEqual([
      ['id', 'character varying', 36, 'NO', null],
      ['checksum', 'character varying', 64, 'NO', null],
      ['finished_at', 'timestamp with time zone', null, 'YES', null],
      ['migration_name', 'character varying', 255, 'NO', null],
      ['logs', 'text', null, 'YES', null],
      ['rolled_back_at', 'timestamp with time zone', null, 'YES', null],
      ['started_at', 'timestamp with time zone', null, 'NO', 'now()'],
      ['applied_steps_count', 'integer', null, 'NO', '0'],
    ]);
    // The schema itself is there.
    expect(await rows(url, `SELECT to_regclass('runs') AS t`)).toEqual([{ t: 'runs' }]);
  });

  it('is a no-op the second time', async () => {
    const url = await emptyDatabase();
    const dir = migrationsDir({ '20260101000000_a': 'CREATE TABLE a (id int);', '20260102000000_b': 'CREATE TABLE b (id int);' });
    expect((await migrate(url, { migrationsDir: dir })).applied).toEqual(['20260101000000_a', '20260102000000_b']);
    const again = await migrate(url, { migrationsDir: dir });
    expect(again).toEqual({ applied: [], alreadyApplied: ['20260101000000_a', '20260102000000_b'] });
    expect(await rows(url, 'SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([{ n: 2 }]);
  });

  it('applies only what is new, in name order', async () => {
    const url = await emptyDatabase();
    const dir = migrationsDir({ '20260101000000_a': 'CREATE TABLE a (id int);' });
    await migrate(url, { migrationsDir: dir });
    fs.mkdirSync(path.join(dir, '20260103000000_c'));
    fs.writeFileSync(path.join(dir, '20260103000000_c', 'migration.sql'), 'ALTER TABLE b ADD COLUMN c int;');
    fs.mkdirSync(path.join(dir, '20260102000000_b'));
    fs.writeFileSync(path.join(dir, '20260102000000_b', 'migration.sql'), 'CREATE TABLE b (id int);');
    expect((await migrate(url, { migrationsDir: dir })).applied).toEqual(['20260102000000_b', '20260103000000_c']);
  });

  it('refuses when an applied migration was modified, and accepts a mere line-ending change', async () => {
    const url = await emptyDatabase();
    const dir = migrationsDir({ '20260101000000_a': 'CREATE TABLE a (id int);\nCREATE TABLE a2 (id int);\n' });
    await migrate(url, { migrationsDir: dir });
    const file = path.join(dir, '20260101000000_a', 'migration.sql');

    fs.writeFileSync(file, 'CREATE TABLE a (id int);\r\nCREATE TABLE a2 (id int);\r\n');
    expect((await migrate(url, { migrationsDir: dir })).applied).toEqual([]);

    fs.writeFileSync(file, 'CREATE TABLE a (id bigint);\nCREATE TABLE a2 (id int);\n');
    await expect(migrate(url, { migrationsDir: dir })).rejects.toThrow(/20260101000000_a was modified after it was applied/);
  });

  it('records a failing migration without its partial effects and refuses to continue until it is resolved', async () => {
    const url = await emptyDatabase();
    const dir = migrationsDir({
      '20260101000000_a': 'CREATE TABLE a (id int);',
      '20260102000000_broken': 'CREATE TABLE half (id int);\nSELECT no_such_function();',
      '20260103000000_c': 'CREATE TABLE c (id int);',
    });
    await expect(migrate(url, { migrationsDir: dir })).rejects.toThrow(/20260102000000_broken failed:\n.*no_such_function/);
    expect(await rows(url, `SELECT to_regclass('half') AS half, to_regclass('c') AS c, to_regclass('a') AS a`)).toEqual([
      { half: null, c: null, a: 'a' },
    ]);
    const [failed] = await rows(url, `SELECT * FROM _prisma_migrations WHERE migration_name = '20260102000000_broken'`);
    expect(failed).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
    expect(failed.logs).toMatch(/no_such_function/);

    fs.writeFileSync(path.join(dir, '20260102000000_broken', 'migration.sql'), 'CREATE TABLE half (id int);');
    const refusal = migrate(url, { migrationsDir: dir });
    await expect(refusal).rejects.toBeInstanceOf(MigrationError);
    await expect(refusal).rejects.toThrow(/20260102000000_broken failed earlier/);

    // Marked rolled back (what `prisma migrate resolve --rolled-back` does), it is applied again.
    await rows(url, `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '20260102000000_broken'`);
    expect((await migrate(url, { migrationsDir: dir })).applied).toEqual(['20260102000000_broken', '20260103000000_c']);
  });

  it('refuses a non-empty database that has no migration history', async () => {
    const url = await emptyDatabase();
    await rows(url, 'CREATE TABLE stranger (id int)');
    const dir = migrationsDir({ '20260101000000_a': 'CREATE TABLE a (id int);' });
    await expect(migrate(url, { migrationsDir: dir })).rejects.toThrow(/schema is not empty/);
  });

  it('serialises concurrent runs with the advisory lock: each migration is applied once', async () => {
    const url = await emptyDatabase();
    const dir = migrationsDir({ '20260101000000_a': 'CREATE TABLE a (id int); SELECT pg_sleep(0.2);' });
    const results = await Promise.all([migrate(url, { migrationsDir: dir }), migrate(url, { migrationsDir: dir })]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 1]);
    expect(await rows(url, 'SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([{ n: 1 }]);
  });

  it('the test template is migrated: a cloned database is up to date', async () => {
    const db = await createTestDatabase();
    created.push(db.name);
    expect((await migrate(db.url)).applied).toEqual([]);
  });
});
