// Garbage collection end to end, on the local store and on S3 (the in-test S3 stand-in):
// deleted runs and projects go for good after the grace period, with their bytes; a deleted
// team's bytes go after the grace period; interrupted uploads are swept; a dry run changes
// nothing and reports what would go; runs behind registered model versions are never touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCli } from '../admin/admin-cli.ts';
import { db, pool } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { addMembershipFixture, codeOf, createTeamFixture, principalFor, teamWorld, type TeamWorld } from '../../tests/helpers/fixtures.ts';
import { registerVersion, runWithArtifacts, type RunFixture } from '../../tests/helpers/runs.ts';
import { startS3StandIn, type S3StandIn } from '../../tests/helpers/s3-stand-in.ts';
import { artifactStore } from '../storage/index.ts';
import { deleteTeam } from '../teams/delete-team.ts';
import { deleteArtifact } from '../tracking/artifacts/delete-artifact.ts';
import { downloadArtifact } from '../tracking/artifacts/download-artifact.ts';
import { uploadArtifact } from '../tracking/artifacts/upload-artifact.ts';
import { createProject } from '../tracking/projects/create-project.ts';
import { deleteProject } from '../tracking/projects/delete-project.ts';
import { deleteRun } from '../tracking/runs/delete-run.ts';
import { restoreRun } from '../tracking/runs/restore-run.ts';
import { collectGarbage, describeGcReport, formatBytes, GcBusyError } from './collect-garbage.ts';

setupTestDatabase();

const DAY = 86_400_000;
const CHECKPOINT = 'c'.repeat(1000);

type Store = 'local' | 's3';

describe.each<Store>(['local', 's3'])('gc on the %s store', (kind) => {
  let s3: S3StandIn | undefined;
  let localRoot: string | undefined;
  const saved = { ...process.env };
  let world: TeamWorld;
  let member: Awaited<ReturnType<typeof principalFor>>;
  const runs: Record<string, RunFixture> = {};
  let purgedProjectId: bigint;
  let mixedProjectId: bigint;
  let otherTeamProjectId: bigint;

  beforeAll(async () => {
    if (kind === 's3') {
      s3 = await startS3StandIn('cairn');
      const endpoint = (s3.store as unknown as { client: { config: { endpoint: () => Promise<{ port: number }> } } }).client.config.endpoint;
      Object.assign(process.env, {
        CAIRN_ARTIFACT_STORE: 's3://bkt/cairn',
        AWS_ENDPOINT_URL_S3: `http://localhost:${(await endpoint()).port}`,
        CAIRN_S3_FORCE_PATH_STYLE: 'true',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      });
    } else {
      // A store of its own: gc sweeps the whole store, and other test files share the default.
      localRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-gc-store-'));
      process.env.CAIRN_ARTIFACT_STORE = localRoot;
    }
    world = await teamWorld();
    member = await principalFor(world.users.member.id);
    const files = { 'ckpt/epoch-1.pt': CHECKPOINT, 'ckpt/epoch-2.pt': CHECKPOINT, 'model/MLmodel': 'flavors: {}' };
    const metrics = { loss: 0.25 };
    const project = await createProject(member, { teamId: world.team.id, name: `sweeps-${kind}` });
    for (const name of ['kept', 'deletedRecently', 'deletedLongAgo', 'deletedRegistered']) {
      runs[name] = await runWithArtifacts(member, project.id, { name, files, metrics });
    }
    const purged = await createProject(member, { teamId: world.team.id, name: `abandoned-${kind}` });
    purgedProjectId = purged.id;
    runs.inPurgedProject = await runWithArtifacts(member, purged.id, { name: 'inPurgedProject', files, metrics });
    const mixed = await createProject(member, { teamId: world.team.id, name: `mixed-${kind}` });
    mixedProjectId = mixed.id;
    runs.mixedRegistered = await runWithArtifacts(member, mixed.id, { name: 'mixedRegistered', files, metrics });
    runs.mixedPlain = await runWithArtifacts(member, mixed.id, { name: 'mixedPlain', files, metrics });

    await registerVersion(world.team.id, `runs:/${runs.deletedRegistered.runId}/model`, { runId: runs.deletedRegistered.runId });
    await registerVersion(world.team.id, `${runs.mixedRegistered.artifactUri}/model`, { runId: runs.mixedRegistered.runId });
    for (const name of ['deletedRecently', 'deletedLongAgo', 'deletedRegistered']) await deleteRun(member, { runId: runs[name].runId });
    await deleteProject(member, { projectId: purged.id });
    await deleteProject(member, { projectId: mixed.id });
    const longAgo = new Date(Date.now() - 40 * DAY);
    await db.run.updateMany({ where: { id: { in: [runs.deletedLongAgo.runId, runs.deletedRegistered.runId] } }, data: { deletedAt: longAgo } });
    await db.project.updateMany({ where: { id: { in: [purged.id, mixed.id] } }, data: { deletedAt: longAgo } });
    await db.run.updateMany({ where: { projectId: { in: [purged.id, mixed.id] } }, data: { deletedAt: longAgo } });

    // Another team, deleted now: its bytes wait for the grace period.
    const other = await createTeamFixture();
    await addMembershipFixture(other.id, world.users.member.id, 'OWNER');
    const otherMember = await principalFor(world.users.member.id);
    const otherProject = await createProject(otherMember, { teamId: other.id, name: 'gone' });
    otherTeamProjectId = otherProject.id;
    await runWithArtifacts(otherMember, otherProject.id, { name: 'inDeletedTeam', files, metrics });
    await deleteTeam(otherMember, { teamId: other.id });

    // What a crashed upload left: an old temporary file.
    await artifactStore().put('.uploads/crashed-upload', new Response('u'.repeat(500)).body!);
    if (s3) s3.objects.get('cairn/.uploads/crashed-upload')!.modified = new Date(Date.now() - 3 * DAY);
    else {
      const old = new Date(Date.now() - 3 * DAY);
      fs.utimesSync(path.join(localRoot!, '.uploads', 'crashed-upload'), old, old);
    }
  });

  afterAll(async () => {
    process.env = saved;
    await s3?.close();
    if (localRoot) fs.rmSync(localRoot, { recursive: true, force: true });
  });

  const RUN_BYTES = 2 * CHECKPOINT.length + 'flavors: {}'.length;
  const usage = (run: RunFixture) => artifactStore().usage(`${run.projectId}/${run.runId}`);
  const bytesOf = async (run: RunFixture, file: string) => {
    const artifact = await downloadArtifact(member, { runId: run.runId, path: file });
    return Buffer.from(await new Response(artifact.body).arrayBuffer()).toString();
  };

  it('a dry run reports what would go and changes nothing', async () => {
    const before = { runs: await db.run.count(), queue: await db.artifactPurge.count(), events: await db.auditEvent.count() };
    const report = await collectGarbage({ dryRun: true });
    expect(report.deleted.projects.map((p) => p.projectId)).toEqual([String(purgedProjectId)]);
    expect(report.deleted.runs.map((r) => r.name).sort()).toEqual(['deletedLongAgo', 'mixedPlain']);
    // (The file's other store ran first on the same database: its registered runs are kept too.)
    const mine = (run: { runId: string }) => Object.values(runs).some((r) => r.runId === run.runId);
    expect(report.deleted.kept.filter(mine).map((r) => r.name).sort()).toEqual(['deletedRegistered', 'mixedRegistered']);
    expect(report.deleted.kept[0].versions[0]).toMatch(/^model-\d+-\d+ v1$/);
    expect(report.queue.done).toEqual([]);
    expect(report.queue.pending).toMatchObject({ entries: 1, bytes: RUN_BYTES });
    expect(report.staleUploads).toEqual({ objects: 1, bytes: 500 });
    expect(report.bytesReclaimed).toBe(3 * RUN_BYTES + 500);
    expect({ runs: await db.run.count(), queue: await db.artifactPurge.count(), events: await db.auditEvent.count() }).toEqual(before);
    expect(await usage(runs.deletedLongAgo)).toEqual({ objects: 3, bytes: RUN_BYTES });
    expect(describeGcReport(report).at(-1)).toBe(`Would reclaim ${formatBytes(3 * RUN_BYTES + 500)} (${3 * RUN_BYTES + 500} bytes)`);
    expect(formatBytes(3 * RUN_BYTES + 500)).toBe('6.4 KiB');
  });

  it('removes what is past the grace period, with its bytes, and reports the bytes the store freed', async () => {
    const report = await collectGarbage();
    expect(report.deleted.projects.map((p) => p.projectId)).toEqual([String(purgedProjectId)]);
    expect(report.deleted.runs.map((r) => r.name).sort()).toEqual(['deletedLongAgo', 'mixedPlain']);
    expect(report.queue.done.map((e) => [e.reason, e.objects, e.bytes]).sort()).toEqual([
      ['project.purge', 3, RUN_BYTES],
      ['run.purge', 3, RUN_BYTES],
      ['run.purge', 3, RUN_BYTES],
    ]);
    expect(report.bytesReclaimed).toBe(3 * RUN_BYTES + 500);
    for (const name of ['deletedLongAgo', 'mixedPlain', 'inPurgedProject']) {
      expect(await db.run.findUnique({ where: { id: runs[name].runId } }), name).toBeNull();
      expect(await usage(runs[name]), name).toEqual({ objects: 0, bytes: 0 });
      // Their metric points too (no foreign key cascades to them: purge-deleted deletes them).
      expect(await db.metricPoint.count({ where: { runId: runs[name].runId } }), name).toBe(0);
    }
    expect(await db.metricPoint.count({ where: { runId: runs.kept.runId } })).toBe(1);
    expect(await db.project.findUnique({ where: { id: purgedProjectId } })).toBeNull();
    // The deleted project holding a registered run stays, with that run.
    expect(await db.project.findUnique({ where: { id: mixedProjectId } })).toMatchObject({ lifecycleStage: 'DELETED' });
    expect(await artifactStore().usage('.uploads')).toEqual({ objects: 0, bytes: 0 });
    const events = await db.auditEvent.findMany({ where: { teamId: world.team.id, action: { in: ['run.purge', 'project.purge'] } }, select: { action: true, targetId: true, metadata: true } });
    expect(events.map((e) => e.action).sort()).toEqual(['project.purge', 'run.purge', 'run.purge']);
    expect(events.find((e) => e.action === 'project.purge')?.metadata).toMatchObject({ via: 'gc', runs: 1, bytes: RUN_BYTES });
    // A second pass finds nothing more.
    expect((await collectGarbage()).bytesReclaimed).toBe(0);
  });

  it('never touches what a registered model version is made of, deleted or not', async () => {
    for (const name of ['deletedRegistered', 'mixedRegistered']) {
      expect(await db.run.findUnique({ where: { id: runs[name].runId } }), name).not.toBeNull();
      expect(await usage(runs[name]), name).toEqual({ objects: 3, bytes: RUN_BYTES });
      expect(await bytesOf(runs[name], 'model/MLmodel')).toBe('flavors: {}');
    }
    // Nor can anyone delete or overwrite those files through the API while the version exists.
    const registered = runs.mixedRegistered;
    await db.project.update({ where: { id: mixedProjectId }, data: { lifecycleStage: 'ACTIVE' } });
    await db.run.update({ where: { id: registered.runId }, data: { lifecycleStage: 'ACTIVE' } });
    expect(await codeOf(deleteArtifact(member, { runId: registered.runId, path: 'model/MLmodel' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(deleteArtifact(member, { runId: registered.runId, path: '' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(uploadArtifact(member, { runId: registered.runId, path: 'model/MLmodel', body: new Response('replaced').body }))).toBe('BAD_USER_INPUT');
    expect(await bytesOf(registered, 'model/MLmodel')).toBe('flavors: {}');
    // Files beside the model are the run's own: those can go, and new ones can come.
    expect(await codeOf(deleteArtifact(member, { runId: registered.runId, path: 'ckpt/epoch-1.pt' }))).toBe('OK');
    expect(await codeOf(uploadArtifact(member, { runId: registered.runId, path: 'eval/report.json', body: new Response('{}').body }))).toBe('OK');
    // Once the version is gone, so is the protection.
    await db.modelVersion.deleteMany({ where: { runId: registered.runId } });
    expect(await codeOf(deleteArtifact(member, { runId: registered.runId, path: 'model' }))).toBe('OK');
  });

  it('keeps what is within the grace period, and restoring it brings everything back', async () => {
    const recent = runs.deletedRecently;
    expect(await usage(recent)).toEqual({ objects: 3, bytes: RUN_BYTES });
    await restoreRun(member, { runId: recent.runId });
    expect(await bytesOf(recent, 'ckpt/epoch-2.pt')).toBe(CHECKPOINT);
  });

  it("removes a deleted team's bytes once its grace period has passed", async () => {
    const prefix = String(otherTeamProjectId);
    expect(await artifactStore().usage(prefix)).toEqual({ objects: 3, bytes: RUN_BYTES });
    const early = await collectGarbage({ now: new Date(Date.now() + 29 * DAY) });
    expect(early.queue.done).toEqual([]);
    const due = await collectGarbage({ now: new Date(Date.now() + 31 * DAY) });
    expect(due.queue.done).toEqual([{ keyPrefix: prefix, reason: 'team.delete', teamId: expect.any(String), objects: 3, bytes: RUN_BYTES }]);
    expect(await artifactStore().usage(prefix)).toEqual({ objects: 0, bytes: 0 });
    expect(await db.artifactPurge.count()).toBe(0);
  });

  it('runs one pass at a time, and the admin CLI prints what it reclaimed', async () => {
    const holder = await pool().connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtextextended('cairn.gc', 0))`);
      await expect(collectGarbage()).rejects.toBeInstanceOf(GcBusyError);
      const out: string[] = [];
      const err: string[] = [];
      const code = await runAdminCli(['gc', '--dry-run'], { out: (l) => out.push(l), err: (l) => err.push(l) }, async () => ({ close: async () => undefined }));
      expect({ code, err: err.join('\n') }).toEqual({ code: 1, err: expect.stringContaining('Another garbage collection is running') });
    } finally {
      await holder.query(`SELECT pg_advisory_unlock(hashtextextended('cairn.gc', 0))`);
      holder.release();
    }
    const out: string[] = [];
    expect(await runAdminCli(['gc', '--dry-run', '--grace-days', '0'], { out: (l) => out.push(l), err: () => undefined }, async () => ({ close: async () => undefined }))).toBe(0);
    expect(out[0]).toBe('Dry run: nothing was removed.');
    expect(out.at(-1)).toMatch(/^Would reclaim .* \(\d+ bytes\)$/);
  });
});
