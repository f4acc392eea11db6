// Approvals end to end at the use-case level: a member requests a move of a protected stage or
// alias (or a rollback), admins find it waiting for them, one approves (the move happens,
// recorded with the request) or rejects it with a comment; requesters cancel; nobody decides
// their own request, scripts never decide, and other teams never see any of it.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { codeOf, createTokenFixture, createUserFixture, principalFor, teamWorld, type TeamWorld } from '../../tests/helpers/fixtures.ts';
import { modelWithVersions } from '../../tests/helpers/registry-fixtures.ts';
import type { UserPrincipal } from '../authz/index.ts';
import { verifyApiToken } from '../tokens/verify-api-token.ts';
import { approveTransitionRequest } from './approve-transition-request.ts';
import { cancelTransitionRequest } from './cancel-transition-request.ts';
import { deleteModelVersion } from './delete-model-version.ts';
import { listRequestsAwaitingMe } from './list-requests-awaiting-me.ts';
import { listTransitionRequests } from './list-transition-requests.ts';
import { rejectTransitionRequest } from './reject-transition-request.ts';
import { requestModelTransition } from './request-model-transition.ts';
import { setModelAlias } from './set-model-alias.ts';
import { setRegistryProtection } from './set-registry-protection.ts';
import { transitionModelVersionStage } from './transition-model-version-stage.ts';

setupTestDatabase();

let world: TeamWorld;
let member: UserPrincipal;
let admin: UserPrincipal;
let owner: UserPrincipal;
beforeAll(async () => {
  world = await teamWorld();
  member = await principalFor(world.users.member.id);
  admin = await principalFor(world.users.admin.id);
  owner = await principalFor(world.users.owner.id);
  await setRegistryProtection(owner, { teamId: world.team.id, stage: 'Production', protected: true });
  await setRegistryProtection(owner, { teamId: world.team.id, alias: 'champion', protected: true });
});

describe('a protected move through a request', () => {
  it('is refused to the member directly, filed, found by admins only, and approved: the move happens with the request linked', async () => {
    const { model, versions } = await modelWithVersions(member, world.team.id, 2);
    expect(await codeOf(transitionModelVersionStage(member, { versionId: versions[1].id }, { stage: 'Production' }))).toBe('FORBIDDEN');

    const request = await requestModelTransition(member, {
      modelId: model.id,
      move: 'STAGE',
      versionId: versions[1].id,
      stage: 'Production',
      archiveExistingVersions: true,
      comment: 'best fairness at equal accuracy',
    });
    expect(request).toMatchObject({ status: 'PENDING', kind: 'STAGE', toStage: 'PRODUCTION', version: 2, requestedById: world.users.member.id });

    const waitingFor = async (principal: Parameters<typeof listRequestsAwaitingMe>[0]) => (await listRequestsAwaitingMe(principal)).map((r) => r.id);
    expect(await waitingFor(admin)).toContain(request.id);
    expect(await waitingFor(owner)).toContain(request.id);
    expect(await waitingFor(member)).not.toContain(request.id);
    expect(await waitingFor(await principalFor(world.users.viewer.id))).toEqual([]);
    expect(await waitingFor(await principalFor(world.otherOwner.id))).toEqual([]);
    const adminToken = await verifyApiToken((await createTokenFixture({ userId: world.users.admin.id, teamId: world.team.id, scope: 'WRITE' })).token);
    expect(await waitingFor(adminToken)).toEqual([]);

    // Scripts never approve; other teams cannot reach it; nobody approves their own.
    expect(await codeOf(approveTransitionRequest(adminToken, { requestId: request.id }))).toBe('FORBIDDEN');
    expect(await codeOf(approveTransitionRequest(await principalFor(world.otherOwner.id), { requestId: request.id }))).toBe('NOT_FOUND');
    expect(await codeOf(approveTransitionRequest(member, { requestId: request.id }))).toBe('FORBIDDEN');
    expect(await db.modelVersion.count({ where: { modelId: model.id, stage: 'PRODUCTION' } })).toBe(0);

    const approved = await approveTransitionRequest(admin, { requestId: request.id, comment: 'ok, ship it' });
    expect(approved).toMatchObject({ status: 'APPROVED', decidedById: world.users.admin.id, decisionComment: 'ok, ship it' });
    expect((await db.modelVersion.findUniqueOrThrow({ where: { id: versions[1].id } })).stage).toBe('PRODUCTION');
    const move = await db.modelVersionTransition.findFirstOrThrow({ where: { versionId: versions[1].id, toStage: 'PRODUCTION' } });
    expect(move).toMatchObject({ requestId: request.id, actorId: world.users.admin.id, comment: 'best fairness at equal accuracy' });
    expect(await waitingFor(admin)).not.toContain(request.id);

    const actions = (await db.auditEvent.findMany({ where: { teamId: world.team.id, OR: [{ targetId: request.id }, { targetId: versions[1].id }] }, orderBy: { id: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['registry.version.create', 'registry.request.create', 'registry.stage.move', 'registry.request.approve']);

    expect(await codeOf(approveTransitionRequest(owner, { requestId: request.id }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(rejectTransitionRequest(owner, { requestId: request.id }))).toBe('BAD_USER_INPUT');
  });

  it('is rejected with a comment: nothing moves, the decision stays listed', async () => {
    const { model, versions } = await modelWithVersions(member, world.team.id, 1);
    const request = await requestModelTransition(member, { modelId: model.id, move: 'ALIAS_SET', versionId: versions[0].id, alias: 'champion' });
    const rejected = await rejectTransitionRequest(owner, { requestId: request.id, comment: 'fails the bias review' });
    expect(rejected).toMatchObject({ status: 'REJECTED', decisionComment: 'fails the bias review', decidedById: world.users.owner.id });
    expect(await db.modelAlias.count({ where: { modelId: model.id } })).toBe(0);
    expect((await listTransitionRequests(await principalFor(world.users.viewer.id), { modelId: model.id })).map((r) => r.status)).toEqual(['REJECTED']);
    expect((await db.auditEvent.findFirstOrThrow({ where: { action: 'registry.request.reject', targetId: request.id } })).metadata).toMatchObject({
      comment: 'fails the bias review',
      requestedBy: world.users.member.id,
    });
  });

  it('can be cancelled by its requester or an admin, not by another member', async () => {
    const { model, versions } = await modelWithVersions(member, world.team.id, 1);
    const { user: other } = await createUserFixture();
    await db.membership.create({ data: { teamId: world.team.id, userId: other.id, role: 'MEMBER' } });
    const request = await requestModelTransition(member, { modelId: model.id, move: 'STAGE', versionId: versions[0].id, stage: 'Production' });
    expect(await codeOf(cancelTransitionRequest(await principalFor(other.id), { requestId: request.id }))).toBe('FORBIDDEN');
    expect(await cancelTransitionRequest(member, { requestId: request.id })).toMatchObject({ status: 'CANCELLED' });
    const second = await requestModelTransition(member, { modelId: model.id, move: 'STAGE', versionId: versions[0].id, stage: 'Production' });
    expect(await cancelTransitionRequest(admin, { requestId: second.id })).toMatchObject({ status: 'CANCELLED' });
  });

  it('refuses duplicates, moves that change nothing, and malformed requests, writing nothing', async () => {
    const { model, versions } = await modelWithVersions(member, world.team.id, 1);
    const count = () => db.modelTransitionRequest.count({ where: { modelId: model.id } });
    await requestModelTransition(member, { modelId: model.id, move: 'STAGE', versionId: versions[0].id, stage: 'Production' });
    expect(await codeOf(requestModelTransition(member, { modelId: model.id, move: 'STAGE', versionId: versions[0].id, stage: 'production' }))).toBe('ALREADY_EXISTS');
    expect(await codeOf(requestModelTransition(member, { modelId: model.id, move: 'STAGE', versionId: versions[0].id, stage: 'None' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(requestModelTransition(member, { modelId: model.id, move: 'STAGE', versionId: versions[0].id, stage: 'Prod' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(requestModelTransition(member, { modelId: model.id, move: 'STAGE', versionId: versions[0].id, stage: 'Archived', archiveExistingVersions: true }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(requestModelTransition(member, { modelId: model.id, move: 'ALIAS_SET', versionId: versions[0].id, alias: 'v2' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(requestModelTransition(member, { modelId: model.id, move: 'ALIAS_DELETED', alias: 'champion' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(requestModelTransition(member, { modelId: model.id, move: 'ROLLBACK', stage: 'Production' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(requestModelTransition(member, { modelId: model.id, move: 'STAGE', versionId: 'nope', stage: 'Production' }))).toBe('NOT_FOUND');
    expect(await codeOf(requestModelTransition(await principalFor(world.users.viewer.id), { modelId: model.id, move: 'STAGE', versionId: versions[0].id, stage: 'Staging' }))).toBe('FORBIDDEN');
    expect(await count()).toBe(1);
  });

  it('carries a requested rollback out, unless the history changed since', async () => {
    const { model, versions } = await modelWithVersions(member, world.team.id, 3);
    for (const v of versions.slice(0, 2)) await setModelAlias(admin, { versionId: v.id }, { alias: 'champion' });
    const request = await requestModelTransition(member, { modelId: model.id, move: 'ROLLBACK', alias: 'champion', comment: 'v2 misbehaves' });
    expect(request).toMatchObject({ rollback: true, kind: 'ALIAS_SET', version: 1 });
    await approveTransitionRequest(admin, { requestId: request.id });
    const champion = await db.modelAlias.findUniqueOrThrow({ where: { modelId_alias: { modelId: model.id, alias: 'champion' } } });
    expect(champion.versionId).toBe(versions[0].id);
    expect(await db.modelVersionTransition.count({ where: { modelId: model.id, rollback: true, requestId: request.id } })).toBe(1);

    await setModelAlias(admin, { versionId: versions[2].id }, { alias: 'champion' });
    const stale = await requestModelTransition(member, { modelId: model.id, move: 'ROLLBACK', alias: 'champion' });
    await setModelAlias(admin, { versionId: versions[1].id }, { alias: 'champion' });
    expect(await codeOf(approveTransitionRequest(admin, { requestId: stale.id }))).toBe('BAD_USER_INPUT');
    expect((await db.modelTransitionRequest.findUniqueOrThrow({ where: { id: stale.id } })).status).toBe('PENDING');
  });

  it('is cancelled when its version is deleted', async () => {
    const { model, versions } = await modelWithVersions(member, world.team.id, 1);
    const request = await requestModelTransition(member, { modelId: model.id, move: 'STAGE', versionId: versions[0].id, stage: 'Production' });
    await deleteModelVersion(member, { versionId: versions[0].id });
    expect(await db.modelTransitionRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: 'CANCELLED', decisionComment: 'Version 1 was deleted' });
  });
});

describe('protections', () => {
  it('are set by admins in a session, listed for everyone in the team, and audited', async () => {
    expect(await codeOf(setRegistryProtection(member, { teamId: world.team.id, alias: 'prod', protected: true }))).toBe('FORBIDDEN');
    const writeToken = await verifyApiToken((await createTokenFixture({ userId: world.users.admin.id, teamId: world.team.id, scope: 'WRITE' })).token);
    expect(await codeOf(setRegistryProtection(writeToken, { teamId: world.team.id, alias: 'prod', protected: true }))).toBe('FORBIDDEN');
    expect(await codeOf(setRegistryProtection(admin, { teamId: world.otherTeam.id, alias: 'prod', protected: true }))).toBe('NOT_FOUND');
    expect(await codeOf(setRegistryProtection(admin, { teamId: world.team.id, stage: 'None', protected: true }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(setRegistryProtection(admin, { teamId: world.team.id, alias: 'latest', protected: true }))).toBe('BAD_USER_INPUT');
    const list = await setRegistryProtection(admin, { teamId: world.team.id, alias: 'prod', protected: true });
    expect(list.map((p) => p.stage ?? `@${p.alias}`)).toEqual(['PRODUCTION', '@champion', '@prod']);
    expect(await db.auditEvent.count({ where: { teamId: world.team.id, action: 'registry.protection.add' } })).toBe(3);
  });
});
