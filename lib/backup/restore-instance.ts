// `npm run admin -- restore <file>`: a backup (backup-instance.ts) into an empty database and
// an empty local artifact store, i.e. a fresh data dir (or DATABASE_URL naming an empty
// database). Cairn must not be running on that data dir. Steps: replay the backup's own
// migrations (the schema its data fits), load every table with COPY in one transaction
// (foreign keys checked by the data's own consistency, not row by row: replication role),
// set the sequences, move the artifact files into the store, then apply any newer
// migrations of this Cairn version. Restoring over existing data is refused.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import * as tar from 'tar';
import { system } from '../authz/index.ts';
import { recordAuditEventSql } from '../audit/record-audit-event.ts';
import { migrate } from '../db/migrate.ts';
import { artifactStore, LocalArtifactStore } from '../storage/index.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, tableFile, type BackupManifest } from './backup-format.ts';

export type RestoreOptions = { file: string; databaseUrl?: string; log?: (message: string) => void };

export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

export async function restoreInstance(options: RestoreOptions): Promise<BackupManifest> {
  const log = options.log ?? (() => undefined);
  const file = path.resolve(options.file);
  if (!fs.existsSync(file)) throw new RestoreRefusedError(`No such file: ${file}`);
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL!;
  const store = artifactStore();
  const local = store instanceof LocalArtifactStore ? store : null;
  if (local && fs.existsSync(local.root) && fs.readdirSync(local.root).some((name) => !name.startsWith('.'))) {
    throw new RestoreRefusedError(`The artifact store ${local.root} is not empty: restore into a fresh data dir`);
  }
  const staging = fs.mkdtempSync(path.join(local ? path.dirname(local.root) : path.dirname(file), '.cairn-restore-'));
  const client = new pg.Client({ connectionString: databaseUrl, options: '-c TimeZone=UTC' });
  await client.connect();
  try {
    await assertEmptyDatabase(client);
    await tar.extract({ file, cwd: staging, strict: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(staging, 'manifest.json'), 'utf8')) as BackupManifest;
    if (manifest.format !== BACKUP_FORMAT || manifest.version !== BACKUP_FORMAT_VERSION) throw new RestoreRefusedError(`${file} is not a Cairn backup this version can read`);

    await migrate(databaseUrl, { migrationsDir: path.join(staging, 'migrations'), log });
    await client.query('BEGIN');
    // Rows arrive table by table in any order: skip the foreign-key triggers while loading.
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query('TRUNCATE _prisma_migrations');
    for (const table of manifest.tables) {
      const list = table.columns.map((col) => client.escapeIdentifier(col)).join(', ');
      await pipeline(fs.createReadStream(path.join(staging, tableFile(table.name))), client.query(copyFrom(`COPY ${client.escapeIdentifier(table.name)} (${list}) FROM STDIN`)));
    }
    for (const sequence of manifest.sequences) {
      if (sequence.lastValue === null) continue;
      await client.query(`SELECT setval($1::regclass, $2::bigint, true)`, [client.escapeIdentifier(sequence.name), sequence.lastValue]);
    }
    await client.query('COMMIT');
    log(`Database restored: ${manifest.tables.reduce((sum, t) => sum + t.rows, 0)} rows in ${manifest.tables.length} tables`);

    const artifactsDir = path.join(staging, 'artifacts');
    if (fs.existsSync(artifactsDir)) {
      if (!local) throw new RestoreRefusedError('The backup holds local artifact files but this Cairn stores artifacts in S3: restore with the local store, then copy them');
      fs.mkdirSync(local.root, { recursive: true });
      for (const entry of fs.readdirSync(artifactsDir)) fs.renameSync(path.join(artifactsDir, entry), path.join(local.root, entry));
      log(`Artifacts restored: ${manifest.artifacts.files} files into ${local.root}`);
    } else if (manifest.artifacts.store === 's3') {
      log('The backup came from an S3 store: its artifacts are in the bucket, not in the backup');
    }
    const newer = await migrate(databaseUrl, { log });
    if (newer.applied.length) log(`Applied ${newer.applied.length} newer migrations`);
    await recordAuditEventSql(client, { principal: system, action: 'instance.restore', metadata: { file, createdAt: manifest.createdAt }, ip: null });
    return manifest;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** A database with no Cairn tables yet, or with them all empty. */
async function assertEmptyDatabase(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ tables: string }>(
    `SELECT count(*)::text AS tables FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  if (Number(rows[0]?.tables ?? 0) > 0) {
    throw new RestoreRefusedError('The database already has tables: restore into a fresh data dir (or an empty database named by DATABASE_URL)');
  }
}
