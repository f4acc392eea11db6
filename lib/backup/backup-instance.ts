// `npm run admin -- backup <file>`: the database and the local artifacts, consistent with each
// other, while Cairn runs. How:
//  1. Take the artifact-bytes advisory lock exclusively (every transaction that changes
//     artifact rows holds it shared until commit: lockRunArtifacts), so no upload, deletion
//     or purge is half-done; start a REPEATABLE READ transaction, whose snapshot is then
//     fixed; hard-link every file the snapshot's artifact rows name into a staging directory
//     inside the store (a link per file, no copying: a few seconds for tens of thousands of
//     files); release the lock. Writers wait only for this step.
//  2. In the same snapshot, COPY every table out; write the manifest and the migrations.
//  3. Tar and gzip the staging directory into the file (written under a temporary name,
//     renamed when complete), and remove the staging directory.
// Bytes removed after step 1 survive in the staging links; bytes added after it are not in the
// snapshot either. S3 artifacts are not included (use the bucket's versioning or replication).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import * as tar from 'tar';
import { system } from '../authz/index.ts';
import { recordAuditEventSql } from '../audit/record-audit-event.ts';
import { defaultMigrationsDir } from '../db/migrate.ts';
import { artifactStore, LocalArtifactStore } from '../storage/index.ts';
import { ARTIFACT_BYTES_LOCK } from '../tracking/artifacts/artifact-location.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, tableFile, type BackupManifest } from './backup-format.ts';

export type BackupOptions = { file: string; databaseUrl?: string; log?: (message: string) => void };

export async function backupInstance(options: BackupOptions): Promise<BackupManifest> {
  const log = options.log ?? (() => undefined);
  const target = path.resolve(options.file);
  if (fs.existsSync(target)) throw new Error(`${target} exists already: choose a new file name`);
  const store = artifactStore();
  const local = store instanceof LocalArtifactStore ? store : null;
  // Inside the store's root, so that hard links work (same filesystem) and nobody else lists it.
  const staging = local ? path.join(local.root, `.backup-${randomUUID()}`) : fs.mkdtempSync(path.join(path.dirname(target), '.cairn-backup-'));
  const client = new pg.Client({ connectionString: options.databaseUrl ?? process.env.DATABASE_URL, options: '-c TimeZone=UTC' });
  await client.connect();
  try {
    fs.mkdirSync(path.join(staging, 'db'), { recursive: true });
    const lockKey = [ARTIFACT_BYTES_LOCK];
    await client.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, lockKey);
    let artifacts: BackupManifest['artifacts'];
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // The first query fixes the snapshot every later statement of the transaction sees.
      const { rows } = await client.query<{ project_id: string; run_id: string; path: string; size: string }>(
        `SELECT r.project_id::text, a.run_id, a.path, a.size::text FROM artifacts a JOIN runs r ON r.id = a.run_id`,
      );
      artifacts = { store: local ? 'local' : 's3', files: 0, bytes: 0, missing: [] };
      if (local) {
        for (const row of rows) {
          const key = `${row.project_id}/${row.run_id}/artifacts/${row.path}`;
          const linked = path.join(staging, 'artifacts', ...key.split('/'));
          fs.mkdirSync(path.dirname(linked), { recursive: true });
          try {
            fs.linkSync(local.pathOf(key), linked);
            artifacts.files += 1;
            artifacts.bytes += Number(row.size);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
            artifacts.missing.push(key);
          }
        }
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, lockKey);
    }
    log(`Snapshot taken: ${artifacts.files} artifact files linked${artifacts.missing.length ? `, ${artifacts.missing.length} recorded files missing from the store` : ''}`);

    const manifest = await dumpTables(client, staging, artifacts);
    await client.query('COMMIT');
    copyMigrations(manifest.migrations, staging);
    fs.writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    const partial = `${target}.partial`;
    const entries = ['manifest.json', 'migrations', 'db', ...(fs.existsSync(path.join(staging, 'artifacts')) ? ['artifacts'] : [])];
    await tar.create({ gzip: true, file: partial, cwd: staging, portable: true }, entries);
    fs.renameSync(partial, target);
    await recordAuditEventSql(client, {
      principal: system,
      action: 'instance.backup',
      metadata: { file: target, tables: manifest.tables.length, rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0), artifactFiles: artifacts.files, artifactBytes: artifacts.bytes },
      ip: null,
    });
    log(`Backup written to ${target} (${fs.statSync(target).size} bytes)`);
    return manifest;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    fs.rmSync(`${target}.partial`, { force: true });
    throw error;
  } finally {
    await client.end();
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function dumpTables(client: pg.Client, staging: string, artifacts: BackupManifest['artifacts']): Promise<BackupManifest> {
  const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, string[]>();
  for (const row of columns) tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), row.column_name]);
  const manifestTables: BackupManifest['tables'] = [];
  for (const [name, cols] of tables) {
    const list = cols.map((col) => client.escapeIdentifier(col)).join(', ');
    const stream = client.query(copyTo(`COPY ${client.escapeIdentifier(name)} (${list}) TO STDOUT`));
    await pipeline(stream, fs.createWriteStream(path.join(staging, tableFile(name))));
    manifestTables.push({ name, columns: cols, rows: stream.rowCount ?? 0 });
  }
  const { rows: sequences } = await client.query<{ name: string; last_value: string | null }>(
    `SELECT sequencename AS name, last_value::text FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
  );
  const { rows: migrations } = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  const { rows: version } = await client.query<{ server_version: string }>('SHOW server_version');
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    postgresVersion: version[0]?.server_version ?? 'unknown',
    migrations: migrations.map((m) => m.migration_name),
    tables: manifestTables,
    sequences: sequences.map((s) => ({ name: s.name, lastValue: s.last_value })),
    artifacts,
  };
}

/** The SQL of every applied migration, from this checkout (the same files, by checksum). */
function copyMigrations(names: string[], staging: string): void {
  for (const name of names) {
    const source = path.join(defaultMigrationsDir, name, 'migration.sql');
    if (!fs.existsSync(source)) throw new Error(`Migration ${name} is applied to the database but missing from prisma/migrations: back up with the Cairn version that applied it`);
    fs.mkdirSync(path.join(staging, 'migrations', name), { recursive: true });
    fs.copyFileSync(source, path.join(staging, 'migrations', name, 'migration.sql'));
  }
}
