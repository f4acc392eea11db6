// Retention policies: who may set them, what the preview (dry run) says, and the rule it
// applies: top N by the metric, registered versions, running and young runs are kept.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { codeOf, principalFor, teamWorld, type TeamWorld } from '../../tests/helpers/fixtures.ts';
import { registerVersion, runWithArtifacts } from '../../tests/helpers/runs.ts';
import { verifyApiToken } from '../tokens/verify-api-token.ts';
import { createProject } from '../tracking/projects/create-project.ts';
import { getRetentionPolicy } from './get-retention-policy.ts';
import { previewRetention } from './preview-retention.ts';
import { setRetentionPolicy } from './set-retention-policy.ts';

setupTestDatabase();

let world: TeamWorld;
let projectId: bigint;
const ids: Record<string, string> = {};

beforeAll(async () => {
  world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  projectId = (await createProject(member, { teamId: world.team.id, name: 'sweep' })).id;
  const make = async (name: string, options: Parameters<typeof runWithArtifacts>[2]) => {
    ids[name] = (await runWithArtifacts(member, projectId, { name, files: { 'ckpt/1.pt': 'x'.repeat(100), 'ckpt/2.pt': 'y'.repeat(50) }, ...options })).runId;
  };
  await make('best', { metrics: { acc: 0.99 }, endedDaysAgo: 30 });
  await make('second', { metrics: { acc: 0.95 }, endedDaysAgo: 30 });
  await make('third', { metrics: { acc: 0.9 }, endedDaysAgo: 30 });
  await make('worst', { metrics: { acc: 0.1 }, endedDaysAgo: 30 });
  await make('nan', { metrics: { acc: Number.NaN }, endedDaysAgo: 30 });
  await make('no-metric', { endedDaysAgo: 30 });
  await make('registered', { metrics: { acc: 0.2 }, endedDaysAgo: 30 });
  await make('running', { metrics: { acc: 0.3 }, status: 'RUNNING' });
  await make('recent', { metrics: { acc: 0.4 }, endedDaysAgo: 2 });
  await runWithArtifacts(member, projectId, { name: 'empty', metrics: { acc: 0.5 }, endedDaysAgo: 30 });
  await registerVersion(world.team.id, `runs:/${ids.registered}/ckpt`, { runId: ids.registered });
});

const policy = { keepTopN: 2, metricKey: 'acc', metricGoal: 'MAX' as const, purgeAfterDays: 7 };
const names = (runs: { name: string }[]) => runs.map((run) => run.name);

describe('previewRetention', () => {
  it('lists what would go now, what later, and what stays and why', async () => {
    const plan = await previewRetention(await principalFor(world.users.viewer.id), { projectId, policy });
    expect(names(plan.purge)).toEqual(['third', 'worst', 'nan', 'no-metric']);
    expect(plan.kept.map((run) => [run.name, run.reason])).toEqual([
      ['best', 'TOP_N'],
      ['second', 'TOP_N'],
      ['running', 'RUNNING'],
      ['registered', 'REGISTERED_MODEL_VERSION'],
    ]);
    expect(plan.kept.find((run) => run.name === 'registered')?.versions).toHaveLength(1);
    expect(plan.later.map((run) => run.name)).toEqual(['recent']);
    expect(plan.later[0].purgeAt!.getTime()).toBeGreaterThan(Date.now() + 4 * 86_400_000);
    expect(plan).toMatchObject({ bytesToFree: 4 * 150, filesToFree: 8, runsWithoutArtifacts: 1 });
    expect(plan.purge[0]).toMatchObject({ rank: 3, metric: 0.9, bytes: 150, files: 2 });
    expect(plan.purge.find((run) => run.name === 'nan')).toMatchObject({ rank: null });
  });

  it('ranks the other way for a metric where lower is better, and keeps everything young', async () => {
    const viewer = await principalFor(world.users.viewer.id);
    const lowest = await previewRetention(viewer, { projectId, policy: { ...policy, metricGoal: 'MIN' } });
    expect(names(lowest.kept.filter((run) => run.reason === 'TOP_N'))).toEqual(['worst', 'registered']);
    const patient = await previewRetention(viewer, { projectId, policy: { ...policy, purgeAfterDays: 365 } });
    expect(patient.purge).toEqual([]);
    const none = await previewRetention(viewer, { projectId, policy: { keepTopN: 0, purgeAfterDays: 0 } });
    expect(names(none.purge)).toHaveLength(7);
    expect(names(none.kept).sort()).toEqual(['registered', 'running']);
  });

  it('previews the saved policy when given none, and says so when there is none', async () => {
    const viewer = await principalFor(world.users.viewer.id);
    expect(await codeOf(previewRetention(viewer, { projectId }))).toBe('BAD_USER_INPUT');
    await setRetentionPolicy(await principalFor(world.users.admin.id), { projectId, policy });
    expect(names((await previewRetention(viewer, { projectId })).purge)).toEqual(['third', 'worst', 'nan', 'no-metric']);
  });
});

describe('setRetentionPolicy', () => {
  it('is for admins and owners in a session; it is audited with before and after', async () => {
    const admin = await principalFor(world.users.admin.id);
    for (const [who, code] of [
      [await principalFor(world.users.member.id), 'FORBIDDEN'],
      [await verifyApiToken(world.tokens.write), 'FORBIDDEN'],
      [await principalFor(world.otherOwner.id), 'NOT_FOUND'],
    ] as const) {
      expect(await codeOf(setRetentionPolicy(who, { projectId, policy: { ...policy, keepTopN: 1 } }))).toBe(code);
    }
    const saved = await setRetentionPolicy(admin, { projectId, policy: { ...policy, keepTopN: 3, enabled: false } });
    expect(saved).toMatchObject({ keepTopN: 3, metricKey: 'acc', metricGoal: 'MAX', purgeAfterDays: 7, enabled: false, updatedById: world.users.admin.id });
    expect(await getRetentionPolicy(await principalFor(world.users.viewer.id), { projectId })).toMatchObject({ keepTopN: 3, enabled: false });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'retention.update', targetId: String(projectId) }, orderBy: { id: 'desc' } });
    expect(event.metadata).toMatchObject({ before: { keepTopN: 2 }, after: { keepTopN: 3, enabled: false } });
    expect(await setRetentionPolicy(admin, { projectId, policy: null })).toBeNull();
    expect(await getRetentionPolicy(admin, { projectId })).toBeNull();
  });

  it('refuses a policy that does not make sense, saying which field', async () => {
    const admin = await principalFor(world.users.admin.id);
    for (const bad of [
      { keepTopN: 5, purgeAfterDays: 7 }, // top runs by which metric?
      { keepTopN: -1, metricKey: 'acc', purgeAfterDays: 7 },
      { keepTopN: 1.5, metricKey: 'acc', purgeAfterDays: 7 },
      { keepTopN: 1, metricKey: 'acc', purgeAfterDays: 99999 },
      { keepTopN: 1, metricKey: 'acc', metricGoal: 'UP', purgeAfterDays: 7 },
      { keepTopN: 1, metricKey: 'x'.repeat(300), purgeAfterDays: 7 },
    ]) {
      expect(await codeOf(setRetentionPolicy(admin, { projectId, policy: bad as never }))).toBe('BAD_USER_INPUT');
    }
    expect(await db.retentionPolicy.count({ where: { projectId } })).toBe(0);
  });
});
