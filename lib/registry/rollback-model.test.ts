import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { codeOf, principalFor, teamWorld, type TeamWorld } from '../../tests/helpers/fixtures.ts';
import { modelWithVersions } from '../../tests/helpers/registry-fixtures.ts';
import type { UserPrincipal } from '../authz/index.ts';
import { deleteModelAlias } from './delete-model-alias.ts';
import { deleteModelVersion } from './delete-model-version.ts';
import { rollbackModel } from './rollback-model.ts';
import { setModelAlias } from './set-model-alias.ts';
import { setRegistryProtection } from './set-registry-protection.ts';
import { transitionModelVersionStage } from './transition-model-version-stage.ts';

setupTestDatabase();

let world: TeamWorld;
let member: UserPrincipal;
let admin: UserPrincipal;
beforeAll(async () => {
  world = await teamWorld();
  member = await principalFor(world.users.member.id);
  admin = await principalFor(world.users.admin.id);
});

const stages = async (modelId: string) =>
  Object.fromEntries((await db.modelVersion.findMany({ where: { modelId, deletedAt: null }, select: { version: true, stage: true } })).map((v) => [v.version, v.stage]));
const aliasTarget = async (modelId: string, alias: string) =>
  (await db.modelAlias.findUnique({ where: { modelId_alias: { modelId, alias } }, include: { version: true } }))?.version.version ?? null;

describe('rollbackModel', () => {
  it('moves Production back one version per rollback, recording each as a move with its reason', async () => {
    const { model, versions } = await modelWithVersions(member, world.team.id, 3);
    for (const v of versions) await transitionModelVersionStage(member, { versionId: v.id }, { stage: 'Production', archiveExistingVersions: true });
    expect(await stages(model.id)).toEqual({ 1: 'ARCHIVED', 2: 'ARCHIVED', 3: 'PRODUCTION' });

    const back = await rollbackModel(member, { modelId: model.id }, { stage: 'production', comment: 'v3 drifts on new data' });
    expect(back.version).toBe(2);
    expect(await stages(model.id)).toEqual({ 1: 'ARCHIVED', 2: 'PRODUCTION', 3: 'ARCHIVED' });
    const entry = await db.modelVersionTransition.findFirstOrThrow({ where: { modelId: model.id, rollback: true }, include: { previousVersion: true } });
    expect(entry).toMatchObject({ kind: 'STAGE', fromStage: 'ARCHIVED', toStage: 'PRODUCTION', comment: 'v3 drifts on new data', actorId: world.users.member.id, automatic: false });
    expect(entry.previousVersion?.version).toBe(3);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'registry.stage.rollback', targetId: versions[1].id } });
    expect(audit.metadata).toMatchObject({ from: 'Archived', to: 'Production', archived: [3], comment: 'v3 drifts on new data' });

    expect((await rollbackModel(member, { modelId: model.id }, { stage: 'Production' })).version).toBe(1);
    expect(await stages(model.id)).toEqual({ 1: 'PRODUCTION', 2: 'ARCHIVED', 3: 'ARCHIVED' });
    expect(await codeOf(rollbackModel(member, { modelId: model.id }, { stage: 'Production' }))).toBe('BAD_USER_INPUT');
  });

  it('rolls back to a version still in the stage (moved in without archiving), and records it', async () => {
    const { model, versions } = await modelWithVersions(member, world.team.id, 2);
    await transitionModelVersionStage(member, { versionId: versions[0].id }, { stage: 'Production' });
    await transitionModelVersionStage(member, { versionId: versions[1].id }, { stage: 'Production' });
    expect((await rollbackModel(member, { modelId: model.id }, { stage: 'Production' })).version).toBe(1);
    expect(await stages(model.id)).toEqual({ 1: 'PRODUCTION', 2: 'ARCHIVED' });
    expect(await codeOf(rollbackModel(member, { modelId: model.id }, { stage: 'Production' }))).toBe('BAD_USER_INPUT');
  });

  it('moves an alias back through its history, and brings a deleted alias back', async () => {
    const { model, versions } = await modelWithVersions(member, world.team.id, 3);
    for (const v of versions) await setModelAlias(member, { versionId: v.id }, { alias: 'champion' });
    expect((await rollbackModel(member, { modelId: model.id }, { alias: 'champion', comment: 'regression' })).version).toBe(2);
    expect((await rollbackModel(member, { modelId: model.id }, { alias: 'champion' })).version).toBe(1);
    expect(await aliasTarget(model.id, 'champion')).toBe(1);
    expect(await codeOf(rollbackModel(member, { modelId: model.id }, { alias: 'champion' }))).toBe('BAD_USER_INPUT');

    await setModelAlias(member, { versionId: versions[2].id }, { alias: 'champion' });
    await deleteModelAlias(member, { modelId: model.id }, { alias: 'champion', comment: 'pulled' });
    expect(await aliasTarget(model.id, 'champion')).toBeNull();
    expect((await rollbackModel(member, { modelId: model.id }, { alias: 'champion' })).version).toBe(3);
  });

  it('refuses a rollback onto a deleted version, an inactive stage, or without exactly one target', async () => {
    const { model, versions } = await modelWithVersions(member, world.team.id, 2);
    await setModelAlias(member, { versionId: versions[0].id }, { alias: 'champion' });
    await setModelAlias(member, { versionId: versions[1].id }, { alias: 'champion' });
    await deleteModelVersion(member, { versionId: versions[0].id });
    expect(await codeOf(rollbackModel(member, { modelId: model.id }, { alias: 'champion' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(rollbackModel(member, { modelId: model.id }, { stage: 'Archived' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(rollbackModel(member, { modelId: model.id }, {}))).toBe('BAD_USER_INPUT');
    expect(await codeOf(rollbackModel(member, { modelId: model.id }, { stage: 'Production', alias: 'champion' }))).toBe('BAD_USER_INPUT');
    expect(await aliasTarget(model.id, 'champion')).toBe(2);
  });

  it('lets only admins roll back a protected stage, and nobody outside the team', async () => {
    const { model, versions } = await modelWithVersions(member, world.team.id, 2);
    for (const v of versions) await transitionModelVersionStage(member, { versionId: v.id }, { stage: 'Staging', archiveExistingVersions: true });
    const owner = await principalFor(world.users.owner.id);
    await setRegistryProtection(owner, { teamId: world.team.id, stage: 'Staging', protected: true });
    try {
      expect(await codeOf(rollbackModel(member, { modelId: model.id }, { stage: 'Staging' }))).toBe('FORBIDDEN');
      expect(await codeOf(rollbackModel(await principalFor(world.otherOwner.id), { modelId: model.id }, { stage: 'Staging' }))).toBe('NOT_FOUND');
      expect(await codeOf(rollbackModel(await principalFor(world.users.viewer.id), { modelId: model.id }, { stage: 'Staging' }))).toBe('FORBIDDEN');
      expect(await stages(model.id)).toEqual({ 1: 'ARCHIVED', 2: 'STAGING' });
      expect((await rollbackModel(admin, { modelId: model.id }, { stage: 'Staging' })).version).toBe(1);
    } finally {
      await setRegistryProtection(owner, { teamId: world.team.id, stage: 'Staging', protected: false });
    }
  });
});
