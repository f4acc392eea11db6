// The seeds' pressure test 9 ("50 experiments, each saves 5 checkpoints; running out of disk
// space; which can be deleted?"), answered by a retention policy: keep the top 5 runs by
// val_acc and every run behind a registered model version, remove the rest's checkpoints
// after 7 days. The dry run prints what would be freed (run with --reporter=verbose to read
// it), then gc applies it: exactly the predicted files go, the registered versions' stay.
import { beforeAll, describe, expect, it } from 'vitest';
import { runAdminCli } from '../admin/admin-cli.ts';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { principalFor, teamWorld, type TeamWorld } from '../../tests/helpers/fixtures.ts';
import { registerVersion, runWithArtifacts, type RunFixture } from '../../tests/helpers/runs.ts';
import { collectGarbage } from '../gc/collect-garbage.ts';
import { artifactStore } from '../storage/index.ts';
import { createProject } from '../tracking/projects/create-project.ts';
import { previewRetention } from './preview-retention.ts';
import { setRetentionPolicy } from './set-retention-policy.ts';
import { PURGED_TAG } from './apply-retention.ts';

setupTestDatabase();

const RUNS = 50;
const CHECKPOINTS = 5;
const CHECKPOINT_BYTES = 4096;
const policy = { keepTopN: 5, metricKey: 'val_acc', metricGoal: 'MAX' as const, purgeAfterDays: 7 };

let world: TeamWorld;
let projectId: bigint;
const runs: (RunFixture & { valAcc: number })[] = [];
let registeredOutsideTop: RunFixture[];

beforeAll(async () => {
  world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  projectId = (await createProject(member, { teamId: world.team.id, name: 'cifar10-resnet18' })).id;
  for (let i = 0; i < RUNS; i++) {
    // A fixed spread of accuracies (no two equal), runs ended 10 days ago.
    const valAcc = Number((0.8 + ((i * 37) % RUNS) / (RUNS * 6.25)).toFixed(4));
    const files = Object.fromEntries(Array.from({ length: CHECKPOINTS }, (_, epoch) => [`checkpoints/epoch-${epoch + 1}.pth`, Buffer.alloc(CHECKPOINT_BYTES, i)]));
    runs.push({ ...(await runWithArtifacts(member, projectId, { name: `exp-${String(i).padStart(2, '0')}`, files, metrics: { val_acc: valAcc }, endedDaysAgo: 10 })), valAcc });
  }
  const byAccuracy = [...runs].sort((a, b) => b.valAcc - a.valAcc);
  // Registered versions: one of a top run (kept anyway), two of runs outside the top 5, one
  // through runs:/ and one through an MLflow 3 logged model (models:/m-...).
  const [top, , , , , sixth, , , , , , , twelfth] = byAccuracy;
  await registerVersion(world.team.id, `runs:/${top.runId}/checkpoints`, { runId: top.runId, model: 'cifar10-resnet18' });
  await registerVersion(world.team.id, `runs:/${sixth.runId}/checkpoints/epoch-5.pth`, { runId: sixth.runId, model: 'cifar10-resnet18' });
  const loggedModelId = `m-${'9'.repeat(32)}`;
  await db.loggedModel.create({ data: { id: loggedModelId, runId: twelfth.runId, artifactPath: 'checkpoints' } });
  await registerVersion(world.team.id, `models:/${loggedModelId}`, { model: 'cifar10-resnet18' });
  registeredOutsideTop = [sixth, twelfth];
  await setRetentionPolicy(await principalFor(world.users.admin.id), { projectId, policy });
}, 120_000);

describe('pressure test 9: 50 runs x 5 checkpoints', () => {
  it('the dry run shows what would be freed and keeps the top 5 and the registered versions', async () => {
    const plan = await previewRetention(await principalFor(world.users.viewer.id), { projectId });
    const top5 = [...runs].sort((a, b) => b.valAcc - a.valAcc).slice(0, 5).map((r) => r.runId);
    expect(plan.kept.filter((r) => r.reason === 'TOP_N').map((r) => r.runId)).toEqual(top5);
    expect(plan.kept.filter((r) => r.reason === 'REGISTERED_MODEL_VERSION').map((r) => r.runId).sort()).toEqual(registeredOutsideTop.map((r) => r.runId).sort());
    expect(plan.purge).toHaveLength(RUNS - 5 - 2);
    expect(plan.filesToFree).toBe((RUNS - 7) * CHECKPOINTS);
    expect(plan.bytesToFree).toBe((RUNS - 7) * CHECKPOINTS * CHECKPOINT_BYTES);

    const out: string[] = [];
    expect(await runAdminCli(['retention', '--project', String(projectId)], { out: (l) => out.push(l), err: () => undefined }, async () => ({ close: async () => undefined }))).toBe(0);
    expect(out[1]).toBe(`Would remove now: artifacts of 43 runs, 215 files, 860.0 KiB (${43 * 5 * 4096} bytes)`);
    expect(out.filter((line) => line.includes('registered model version: cifar10-resnet18 v'))).toHaveLength(2);
    const gcOut: string[] = [];
    expect(await runAdminCli(['gc', '--dry-run'], { out: (l) => gcOut.push(l), err: () => undefined }, async () => ({ close: async () => undefined }))).toBe(0);
    console.log(['', '--- npm run admin -- retention --project <id> ---', ...out, '', '--- npm run admin -- gc --dry-run ---', ...gcOut, ''].join('\n'));
  });

  it('gc removes exactly those checkpoints; the registered versions and the top runs keep theirs', async () => {
    const plan = await previewRetention(await principalFor(world.users.viewer.id), { projectId });
    const report = await collectGarbage();
    expect(report.retention).toHaveLength(1);
    expect(report.retention[0]).toMatchObject({ projectId: String(projectId), files: 215, bytes: 215 * CHECKPOINT_BYTES });
    expect(report.bytesReclaimed).toBe(215 * CHECKPOINT_BYTES);
    const store = artifactStore();
    for (const run of runs) {
      const going = plan.purge.some((p) => p.runId === run.runId);
      const stored = await store.usage(`${run.projectId}/${run.runId}`);
      const rows = await db.artifact.count({ where: { runId: run.runId } });
      expect({ run: run.runId, stored, rows }).toEqual({ run: run.runId, stored: going ? { objects: 0, bytes: 0 } : { objects: 5, bytes: 5 * CHECKPOINT_BYTES }, rows: going ? 0 : 5 });
      const tag = await db.runTag.findUnique({ where: { runId_key: { runId: run.runId, key: PURGED_TAG } } });
      expect(Boolean(tag)).toBe(going);
    }
    // The run's metadata stays: its metrics still rank it.
    expect(await db.latestMetric.count({ where: { run: { projectId } } })).toBe(RUNS);
    expect(await db.auditEvent.count({ where: { action: 'retention.purge', teamId: world.team.id } })).toBe(43);
    // Nothing left to do.
    expect((await previewRetention(await principalFor(world.users.viewer.id), { projectId })).purge).toEqual([]);
  });
});
