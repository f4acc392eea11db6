// The migrated database must be exactly what prisma/schema.prisma describes: someone who
// edits the schema without adding a migration (or edits SQL by hand) fails here.
//
// How: Prisma 6.19's WebAssembly schema engine (devDependency `prisma6`, an alias of
// prisma@6.19.3; Prisma 7's native engine cannot be downloaded here) renders schema.prisma
// as SQL from empty; we apply that to an empty database and compare the PostgreSQL catalog
// (tables, columns, types, defaults, constraints, indexes, enums, sequences) with the
// database our migration runner built. No network, no native engine.
// (Prisma's own DB-to-schema diff cannot run on the wasm engine: with @prisma/adapter-pg it
// fails to read pg_catalog's "char" columns, prisma/orm#27403.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl, dropTestDatabase, setupTestDatabase } from './helpers/database.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const schemaFile = path.join(repoRoot, 'prisma', 'schema.prisma');
const database = setupTestDatabase();
const scratch: string[] = [];
let workDir: string;

function prisma6Cli(): string {
  const candidates = [process.env.CAIRN_PRISMA6_CLI, path.join(repoRoot, 'node_modules', 'prisma6', 'build', 'index.js')];
  const found = candidates.find((file) => file && fs.existsSync(file));
  if (!found) {
    throw new Error('The schema drift check needs Prisma 6.19 (wasm schema engine): add the devDependency "prisma6": "npm:prisma@6.19.3"');
  }
  return found;
}

function adapterModule(): string {
  const cjs = createRequire(import.meta.url).resolve('@prisma/adapter-pg');
  const esm = path.join(path.dirname(cjs), 'index.mjs');
  return fs.existsSync(esm) ? esm : cjs;
}

/** SQL that creates `schema` from an empty database, rendered by Prisma's schema engine. */
function sqlFromEmpty(schema: string, connectionUrl: string): string {
  const dir = fs.mkdtempSync(path.join(workDir, 'prisma-'));
  // Prisma 6 wants the datasource url in the schema (Prisma 7 forbids it there).
  const prisma6Schema = schema.replace(/(provider\s*=\s*"postgresql")/, '$1\n  url = env("DATABASE_URL")');
  fs.writeFileSync(path.join(dir, 'schema.prisma'), prisma6Schema);
  fs.writeFileSync(
    path.join(dir, 'prisma.config.mjs'),
    `import { PrismaPg } from ${JSON.stringify(adapterModule())};
export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: ${JSON.stringify(path.join(dir, 'schema.prisma'))},
  adapter: async () => new PrismaPg({ connectionString: ${JSON.stringify(connectionUrl)}, idleTimeoutMillis: 50 }),
};\n`,
  );
  const stub = path.join(dir, 'no-native-engine.sh');
  fs.writeFileSync(stub, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  const result = spawnSync(
    process.execPath,
    [prisma6Cli(), 'migrate', 'diff', '--config', path.join(dir, 'prisma.config.mjs'), '--from-empty', '--to-schema-datamodel', path.join(dir, 'schema.prisma'), '--script'],
    {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        DATABASE_URL: connectionUrl,
        CHECKPOINT_DISABLE: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        PRISMA_QUERY_ENGINE_LIBRARY: stub,
        PRISMA_SCHEMA_ENGINE_BINARY: stub,
      },
    },
  );
  if (result.status !== 0) throw new Error(`prisma migrate diff failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => !/^Loaded Prisma config|^Prisma config detected/.test(line))
    .join('\n');
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** An empty database holding what `schema` describes, according to Prisma. */
async function databaseFromSchema(schema: string): Promise<string> {
  const name = `cairn_drift_${process.pid}_${scratch.length}`;
  await withClient(adminUrl(), (c) => c.query(`CREATE DATABASE ${name}`));
  scratch.push(name);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const sql = sqlFromEmpty(schema, url.toString());
  await withClient(url.toString(), (c) => c.query(sql));
  return url.toString();
}

/** The public schema as PostgreSQL sees it, minus the migration history table. */
async function catalog(url: string) {
  return withClient(url, async (c) => {
    const rows = async (sql: string) => (await c.query<unknown[]>({ text: sql, rowMode: 'array' })).rows.map((row) => row.join(' | '));
    return {
      enums: await rows(`
        SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY 1`),
      columns: await rows(`
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               coalesce(pg_get_expr(d.adbin, d.adrelid), ''), a.attidentity, a.attgenerated, coalesce(co.collname, '')
          FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 100
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
           AND c.relname <> '_prisma_migrations'
         ORDER BY 1, 2`),
      constraints: await rows(`
        SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid)
          FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relname <> '_prisma_migrations'
         ORDER BY 1, 2`),
      indexes: await rows(`
        SELECT tablename, indexname, indexdef FROM pg_indexes
         WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
      sequences: await rows(`
        SELECT sequencename, data_type, start_value, increment_by FROM pg_sequences
         WHERE schemaname = 'public' ORDER BY 1`),
    };
  });
}

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-schema-drift-'));
});
afterAll(async () => {
  for (const name of scratch) await dropTestDatabase(name);
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('schema drift', () => {
  it('the migrated database is exactly what prisma/schema.prisma describes', async () => {
    const schema = fs.readFileSync(schemaFile, 'utf8');
    const expected = await catalog(await databaseFromSchema(schema));
    const migrated = await catalog(database.url);
    expect(expected.columns.length).toBeGreaterThan(50);
    expect(migrated, 'prisma/schema.prisma changed without a migration? Run ../shared/tools/prisma-sql-diff/sql-diff --from-git HEAD').toEqual(expected);
  });

  it('notices a schema change that has no migration', async () => {
    const schema = fs.readFileSync(schemaFile, 'utf8') + '\nmodel CairnDriftProbe {\n  id    Int    @id\n  label String\n}\n';
    const expected = await catalog(await databaseFromSchema(schema));
    const migrated = await catalog(database.url);
    expect(migrated).not.toEqual(expected);
    expect(expected.columns.filter((c) => c.startsWith('CairnDriftProbe | '))).toEqual([
      'CairnDriftProbe | id | integer | true |  |  |  | ',
      'CairnDriftProbe | label | text | true |  |  |  | ',
    ]);
  });
});
