// Backup and restore: a populated instance is backed up while it runs, restored by the real
// admin CLI into a fresh data dir (its own embedded PostgreSQL), and compared table by table
// and file by file; a token made before the backup works on the restored instance. Writers
// busy during a backup never leave it with a row whose file is missing or different.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupInstance } from '../../lib/backup/backup-instance.ts';
import type { BackupManifest } from '../../lib/backup/backup-format.ts';
import { closeDb, db } from '../../lib/db/client.ts';
import { lockDataDir } from '../../lib/runtime/data-dir-lock.ts';
import { startEmbeddedDatabase } from '../../lib/runtime/database.ts';
import { setRetentionPolicy } from '../../lib/retention/set-retention-policy.ts';
import { deleteArtifact } from '../../lib/tracking/artifacts/delete-artifact.ts';
import { uploadArtifact } from '../../lib/tracking/artifacts/upload-artifact.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { verifyApiToken } from '../../lib/tokens/verify-api-token.ts';
import { adminUrl, setupTestDatabase } from '../helpers/database.ts';
import { principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { registerVersion, runWithArtifacts, type RunFixture } from '../helpers/runs.ts';
import { spawnAdminCli } from '../helpers/admin-cli.ts';

const database = setupTestDatabase();

let workDir: string;
let storeRoot: string;
const savedStore = process.env.CAIRN_ARTIFACT_STORE;
let world: TeamWorld;
let run: RunFixture;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-backup-test-'));
  fs.chmodSync(workDir, 0o755); // user postgres (as root) reaches the data dir below it
  storeRoot = path.join(workDir, 'source-artifacts');
  process.env.CAIRN_ARTIFACT_STORE = storeRoot;
  world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  const project = await createProject(member, { teamId: world.team.id, name: 'backed-up', tags: [{ key: 'owner', value: 'vision' }] });
  run = await runWithArtifacts(member, project.id, {
    name: 'resnet',
    files: { 'model/MLmodel': 'flavors: {}', 'model/weights.bin': Buffer.alloc(300_000, 7), 'plots/loss curve (1).png': Buffer.from([137, 80, 78, 71]), 'données/é.txt': 'unicode path' },
    metrics: { loss: 0.25, acc: Number.NaN },
  });
  await runWithArtifacts(member, project.id, { name: 'sibling', files: { 'notes.txt': 'tab\there\nnew line \\ backslash' }, metrics: { loss: Number.POSITIVE_INFINITY } });
  await registerVersion(world.team.id, `runs:/${run.runId}/model`, { runId: run.runId, model: 'resnet' });
  await setRetentionPolicy(await principalFor(world.users.admin.id), { projectId: project.id, policy: { keepTopN: 3, metricKey: 'acc', purgeAfterDays: 30 } });
}, 120_000);

afterAll(() => {
  process.env.CAIRN_ARTIFACT_STORE = savedStore;
  fs.rmSync(workDir, { recursive: true, force: true });
});

const cli = (argv: string[], env: Record<string, string | undefined>) => spawnAdminCli(argv, env, 170_000);

/** Every table's row count and a digest of its rows (audit events of the backup itself aside). */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const result: Record<string, string> = {};
    for (const { table_name: table } of tables) {
      const where = table === 'audit_events' ? `WHERE action NOT IN ('instance.backup', 'instance.restore')` : '';
      const { rows } = await client.query<{ n: string; digest: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM ${client.escapeIdentifier(table)} t ${where}`,
      );
      result[table] = `${rows[0].n} rows ${rows[0].digest}`;
    }
    return result;
  } finally {
    await client.end();
  }
}

/** relative path -> sha256 of every file under a directory. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full);
    if (relative.startsWith('.')) continue;
    files[relative] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
  }
  return files;
}

describe('backup and restore', () => {
  it('round-trips a populated instance into a fresh data dir, table by table and file by file', async () => {
    const file = path.join(workDir, 'cairn.tar.gz');
    const manifest = await backupInstance({ file });
    expect(manifest.artifacts).toEqual({ store: 'local', files: 5, bytes: expect.any(Number), missing: [] });
    expect(manifest.tables.find((t) => t.name === 'runs')?.rows).toBe(2);
    expect(manifest.migrations.length).toBeGreaterThanOrEqual(4);
    expect(await db.auditEvent.count({ where: { action: 'instance.backup' } })).toBe(1);
    // A second backup never overwrites the first.
    await expect(backupInstance({ file })).rejects.toThrow(/exists already/);

    const dataDir = path.join(workDir, 'fresh');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    const restored = await cli(['restore', file], { DATABASE_URL: undefined, CAIRN_DATA_DIR: dataDir, CAIRN_ARTIFACT_STORE: undefined });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored the backup of .*: \d+ rows, 5 artifact files/);

    // Open the restored data dir as a server would, and compare.
    const lock = await lockDataDir(dataDir);
    const cluster = await startEmbeddedDatabase(dataDir, () => undefined);
    try {
      const [before, after] = [await fingerprint(database.url), await fingerprint(cluster.url)];
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      expect(after).toEqual(before);
      expect(filesOf(path.join(dataDir, 'artifacts'))).toEqual(filesOf(storeRoot));
      expect(Object.keys(filesOf(storeRoot))).toHaveLength(5);

      // The restored instance works: a token made before the backup still authenticates there,
      // and new rows do not collide with restored ones (sequences restored).
      const saved = process.env.DATABASE_URL;
      await closeDb();
      process.env.DATABASE_URL = cluster.url;
      try {
        expect(await verifyApiToken(world.tokens.write)).toMatchObject({ kind: 'token', teamId: world.team.id, scope: 'WRITE' });
        const project = await createProject(await principalFor(world.users.member.id), { teamId: world.team.id, name: 'after-restore' });
        expect(Number(project.id)).toBeGreaterThan(Number(run.projectId));
        expect(await db.auditEvent.count({ where: { action: 'instance.restore' } })).toBe(1);
      } finally {
        await closeDb();
        process.env.DATABASE_URL = saved;
      }

      // Restoring over data is refused, and changes nothing.
      const again = await cli(['restore', file], { DATABASE_URL: cluster.url, CAIRN_DATA_DIR: dataDir, CAIRN_ARTIFACT_STORE: path.join(workDir, 'empty-store') });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already has tables');
    } finally {
      await cluster.close();
      await lock.release();
    }
  }, 180_000);

  it('refuses what is not a backup, and leaves the empty database empty', async () => {
    const junk = path.join(workDir, 'junk.tar.gz');
    fs.writeFileSync(junk, 'not a tarball');
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    const name = `cairn_restore_target_${process.pid}`;
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(adminUrl());
      url.pathname = `/${name}`;
      const result = await cli(['restore', junk], { DATABASE_URL: url.toString(), CAIRN_ARTIFACT_STORE: path.join(workDir, 'junk-store') });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^Error: /m);
      expect(await fingerprint(url.toString())).toEqual({});
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
    const usage = await cli(['backup'], { DATABASE_URL: database.url });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Give <file>');
  });

  it('stays consistent while writers upload, overwrite and delete artifacts', async () => {
    const member = await principalFor(world.users.member.id);
    const busy = await runWithArtifacts(member, run.projectId, { name: 'busy', status: 'RUNNING' });
    for (let i = 0; i < 60; i++) await uploadArtifact(member, { runId: busy.runId, path: `f${i}.txt`, body: new Response(`v0-${i}`).body });
    let stop = false;
    let writes = 0;
    const writer = (offset: number) =>
      (async () => {
        for (let round = 1; !stop; round++) {
          const i = (round * 3 + offset) % 60;
          await uploadArtifact(member, { runId: busy.runId, path: `f${i}.txt`, body: new Response(`v${round}-${i}-${offset}`).body });
          if (round % 3 === 0) await deleteArtifact(member, { runId: busy.runId, path: `f${(i + 7) % 60}.txt` });
          if (round % 5 === 0) await uploadArtifact(member, { runId: busy.runId, path: `new/${offset}-${round}.txt`, body: new Response(`new ${round}`).body });
          writes++;
        }
      })();
    const writers = Promise.all([writer(0), writer(1), writer(2)]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const file = path.join(workDir, 'busy.tar.gz');
    let manifest: BackupManifest;
    try {
      manifest = await backupInstance({ file });
    } finally {
      stop = true;
      await writers;
    }
    expect(writes).toBeGreaterThan(5);
    expect(manifest.artifacts.missing).toEqual([]);

    // Every artifact row of the backup has its file, with the recorded hash.
    const extracted = path.join(workDir, 'busy-extracted');
    fs.mkdirSync(extracted);
    await tar.extract({ file, cwd: extracted });
    const table = manifest.tables.find((t) => t.name === 'artifacts')!;
    const runsTable = manifest.tables.find((t) => t.name === 'runs')!;
    const rowsOf = (name: string, columns: string[]) =>
      fs.readFileSync(path.join(extracted, 'db', `${name}.copy`), 'utf8').split('\n').filter(Boolean).map((line) => Object.fromEntries(line.split('\t').map((value, i) => [columns[i], value])));
    const projectOf = new Map(rowsOf('runs', runsTable.columns).map((r) => [r.id, r.project_id]));
    const artifacts = rowsOf('artifacts', table.columns).filter((row) => row.run_id === busy.runId);
    expect(artifacts.length).toBeGreaterThan(5);
    for (const row of artifacts) {
      const stored = path.join(extracted, 'artifacts', projectOf.get(row.run_id)!, row.run_id, 'artifacts', ...row.path.split('/'));
      expect(fs.existsSync(stored), row.path).toBe(true);
      expect(createHash('sha256').update(fs.readFileSync(stored)).digest('hex'), row.path).toBe(row.sha256);
    }
  }, 120_000);
});
