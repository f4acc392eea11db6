// Applies prisma/migrations/<name>/migration.sql in name order and records them in
// `_prisma_migrations` the way `prisma migrate deploy` does (schema-engine's
// sql_migration_persistence + postgres flavour), so either tool can take over a database:
// same table DDL, sha256 hex checksum of the file, advisory lock 72707369 held for the run,
// a "started" row before the script and finished_at/applied_steps_count after it.
// Unlike Prisma we run each script and its bookkeeping in one transaction, so a crash
// never leaves a migration applied but unrecorded.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { backfillLineage } from '../lineage/backfill-lineage.ts';

export const defaultMigrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

/** The advisory lock key Prisma's schema engine takes on PostgreSQL. */
const PRISMA_ADVISORY_LOCK = 72707369;

// Verbatim from prisma-engines (sql-schema-connector, postgres flavour, create_migrations_table).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

/**
 * Data a migration's schema change needs written for rows that exist before it, run in the
 * migration's own transaction right after its SQL (which stays what sql-diff generated).
 * Keyed by the migration's name without its timestamp.
 */
const DATA_STEPS: Record<string, (client: pg.Client) => Promise<void>> = {
  lineage: (client) => backfillLineage(client),
};

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export type MigrationFile = { name: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; alreadyApplied: string[] };
export type MigrateOptions = { migrationsDir?: string; log?: (message: string) => void };

type MigrationRow = {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
};

export function checksumOf(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Prisma accepts a recorded checksum whatever the file's line endings (git may rewrite them). */
function matchesChecksum(sql: string, checksum: string): boolean {
  return [sql, sql.replaceAll('\r\n', '\n'), sql.replaceAll('\n', '\r\n')].some((variant) => checksumOf(variant) === checksum);
}

export function readMigrations(migrationsDir = defaultMigrationsDir): MigrationFile[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      if (!fs.existsSync(file)) throw new MigrationError(`Migration ${name} has no migration.sql (${file})`);
      const bytes = fs.readFileSync(file);
      return { name, sql: bytes.toString('utf8'), checksum: checksumOf(bytes) };
    });
}

/** Applies pending migrations to the database at `databaseUrl`. */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const migrations = readMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    await ensureMigrationsTable(client);
    const rows = (
      await client.query<MigrationRow>(
        'SELECT id, checksum, migration_name, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY started_at',
      )
    ).rows;
    const applied = refuseBrokenHistory(rows, migrations, log);

    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      if (applied.has(migration.name)) {
        result.alreadyApplied.push(migration.name);
        continue;
      }
      const started = Date.now();
      await applyOne(client, migration);
      log(`Applied migration ${migration.name} (${Date.now() - started} ms)`);
      result.applied.push(migration.name);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

async function ensureMigrationsTable(client: pg.Client) {
  const { rows } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  if (rows.some((row) => row.name === '_prisma_migrations')) return;
  // Like Prisma (P3005): never adopt a database that already holds other tables.
  if (rows.length > 0) {
    throw new MigrationError(
      `The database schema is not empty (${rows.length} tables, no _prisma_migrations). ` +
        'Point DATABASE_URL at an empty database, or baseline it first (https://pris.ly/d/migrate-baseline).',
    );
  }
  await client.query(CREATE_MIGRATIONS_TABLE);
}

/** Names of migrations applied successfully; throws on a failed or edited migration. */
function refuseBrokenHistory(rows: MigrationRow[], migrations: MigrationFile[], log: (m: string) => void): Set<string> {
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} failed earlier and is recorded as failed in _prisma_migrations; ` +
        `fix the database by hand, then mark it rolled back (set rolled_back_at) or applied.` +
        (failed.logs ? `\nIts error was: ${failed.logs}` : ''),
    );
  }
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  const applied = new Set<string>();
  for (const row of rows) {
    if (row.finished_at === null) continue; // rolled back
    const file = byName.get(row.migration_name);
    if (!file) {
      log(`Warning: migration ${row.migration_name} is applied in the database but missing from the migrations folder`);
    } else if (!matchesChecksum(file.sql, row.checksum)) {
      throw new MigrationError(
        `Migration ${row.migration_name} was modified after it was applied (checksum ${row.checksum} in the database, ` +
          `${file.checksum} on disk). Never edit an applied migration: restore the file and add a new migration.`,
      );
    }
    applied.add(row.migration_name);
  }
  return applied;
}

async function applyOne(client: pg.Client, migration: MigrationFile) {
  const id = randomUUID();
  await client.query('INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ($1, $2, $3)', [
    id,
    migration.checksum,
    migration.name,
  ]);
  try {
    await client.query('BEGIN');
    await client.query(migration.sql);
    await DATA_STEPS[migration.name.replace(/^\d+_/, '')]?.(client);
    await client.query(
      `UPDATE _prisma_migrations
          SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
        WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    const logs = `Migration ${migration.name} failed:\n${message}`;
    await client.query('UPDATE _prisma_migrations SET logs = $2 WHERE id = $1', [id, logs]).catch(() => undefined);
    throw new MigrationError(logs);
  }
}
