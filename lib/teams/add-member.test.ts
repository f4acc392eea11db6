// Memberships: add, list, change role, remove/leave, and the last-owner rule.
import { describe, expect, it } from 'vitest';
import { system } from '../authz/index.ts';
import { db, pool } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { addMembershipFixture, codeOf, createTeamFixture, createUserFixture, principalFor, teamWorld } from '../../tests/helpers/fixtures.ts';
import { verifyApiToken } from '../tokens/verify-api-token.ts';
import { addMember } from './add-member.ts';
import { changeMemberRole } from './change-member-role.ts';
import { listMembers } from './list-members.ts';
import { removeMember } from './remove-member.ts';

setupTestDatabase();

const roleOf = async (teamId: string, userId: string) =>
  (await db.membership.findUnique({ where: { teamId_userId: { teamId, userId } } }))?.role ?? null;

describe('listMembers', () => {
  it('shows every member to any member, owners first; other teams are NOT_FOUND', async () => {
    const world = await teamWorld();
    const members = await listMembers(await principalFor(world.users.viewer.id), { teamId: world.team.id });
    expect(members.map((m) => m.role)).toEqual(['OWNER', 'ADMIN', 'MEMBER', 'VIEWER']);
    expect(members[0]).toMatchObject({ userId: world.users.owner.id, user: { id: world.users.owner.id, email: world.users.owner.email } });
    expect(await codeOf(listMembers(await principalFor(world.otherOwner.id), { teamId: world.team.id }))).toBe('NOT_FOUND');
  });
});

describe('addMember', () => {
  it('adds an existing user by email (any case) and records it', async () => {
    const world = await teamWorld();
    const { user } = await createUserFixture();
    const admin = await principalFor(world.users.admin.id);
    const member = await addMember(admin, { teamId: world.team.id, email: `  ${user.email.toUpperCase()} `, role: 'member' });
    expect(member).toMatchObject({ userId: user.id, role: 'MEMBER', user: { email: user.email } });
    expect(await db.auditEvent.findFirst({ where: { teamId: world.team.id, action: 'member.add' } })).toMatchObject({ actorId: world.users.admin.id, targetId: user.id });
  });

  it('refuses unknown emails, existing members, unknown roles, and OWNER from an admin', async () => {
    const world = await teamWorld();
    const { user } = await createUserFixture();
    const admin = await principalFor(world.users.admin.id);
    const owner = await principalFor(world.users.owner.id);
    await expect(addMember(admin, { teamId: world.team.id, email: 'nobody@example.test', role: 'MEMBER' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No user with that email',
    });
    expect(await codeOf(addMember(admin, { teamId: world.team.id, email: world.users.viewer.email, role: 'MEMBER' }))).toBe('ALREADY_EXISTS');
    expect(await codeOf(addMember(admin, { teamId: world.team.id, email: user.email, role: 'superuser' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(addMember(admin, { teamId: world.team.id, email: user.email, role: 'OWNER' }))).toBe('FORBIDDEN');
    expect(await roleOf(world.team.id, user.id)).toBeNull();
    expect(await codeOf(addMember(owner, { teamId: world.team.id, email: user.email, role: 'OWNER' }))).toBe('OK');
  });

  it('is denied to members, viewers, tokens, and in other teams', async () => {
    const world = await teamWorld();
    const { user } = await createUserFixture();
    const input = { teamId: world.team.id, email: user.email, role: 'VIEWER' };
    expect(await codeOf(addMember(await principalFor(world.users.member.id), input))).toBe('FORBIDDEN');
    expect(await codeOf(addMember(await principalFor(world.users.viewer.id), input))).toBe('FORBIDDEN');
    expect(await codeOf(addMember(await verifyApiToken(world.tokens.write), input))).toBe('FORBIDDEN');
    expect(await codeOf(addMember(await principalFor(world.otherOwner.id), input))).toBe('NOT_FOUND');
    expect(await codeOf(addMember(system, { ...input, teamId: 'no-such-team' }))).toBe('NOT_FOUND');
    expect(await roleOf(world.team.id, user.id)).toBeNull();
  });
});

describe('changeMemberRole', () => {
  it('lets admins change non-owner roles but only owners touch the owner role', async () => {
    const world = await teamWorld();
    const admin = await principalFor(world.users.admin.id);
    const owner = await principalFor(world.users.owner.id);
    expect(await changeMemberRole(admin, { teamId: world.team.id, userId: world.users.viewer.id, role: 'MEMBER' })).toMatchObject({ role: 'MEMBER' });
    expect(await codeOf(changeMemberRole(admin, { teamId: world.team.id, userId: world.users.viewer.id, role: 'OWNER' }))).toBe('FORBIDDEN');
    expect(await codeOf(changeMemberRole(admin, { teamId: world.team.id, userId: world.users.owner.id, role: 'VIEWER' }))).toBe('FORBIDDEN');
    expect(await codeOf(changeMemberRole(await principalFor(world.users.member.id), { teamId: world.team.id, userId: world.users.viewer.id, role: 'VIEWER' }))).toBe('FORBIDDEN');
    expect(await codeOf(changeMemberRole(owner, { teamId: world.team.id, userId: world.otherOwner.id, role: 'VIEWER' }))).toBe('NOT_FOUND');
    expect(await changeMemberRole(owner, { teamId: world.team.id, userId: world.users.admin.id, role: 'OWNER' })).toMatchObject({ role: 'OWNER' });
    const events = await db.auditEvent.findMany({ where: { teamId: world.team.id, action: 'member.role_change' }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.metadata)).toEqual([{ from: 'VIEWER', to: 'MEMBER' }, { from: 'ADMIN', to: 'OWNER' }]);
  });

  it('never demotes the last owner, even when two owners demote each other at once', async () => {
    const world = await teamWorld();
    const owner = await principalFor(world.users.owner.id);
    await expect(changeMemberRole(owner, { teamId: world.team.id, userId: world.users.owner.id, role: 'ADMIN' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'A team needs at least one owner',
    });
    await changeMemberRole(owner, { teamId: world.team.id, userId: world.users.admin.id, role: 'OWNER' });
    const secondOwner = await principalFor(world.users.admin.id);
    // Hold the team's rows so both demotions are in flight together, then let them go.
    const blocker = await pool().connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM memberships WHERE team_id = $1 FOR UPDATE', [world.team.id]);
    const pending = Promise.all([
      codeOf(changeMemberRole(owner, { teamId: world.team.id, userId: world.users.admin.id, role: 'MEMBER' })),
      codeOf(changeMemberRole(secondOwner, { teamId: world.team.id, userId: world.users.owner.id, role: 'MEMBER' })),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await blocker.query('COMMIT');
    blocker.release();
    const results = await pending;
    expect(results.sort()).toEqual(['BAD_USER_INPUT', 'OK']);
    expect(await db.membership.count({ where: { teamId: world.team.id, role: 'OWNER' } })).toBe(1);
  });
});

describe('removeMember', () => {
  it('lets admins remove non-owners and revokes their tokens in the team', async () => {
    const world = await teamWorld();
    const admin = await principalFor(world.users.admin.id);
    await removeMember(admin, { teamId: world.team.id, userId: world.users.member.id });
    expect(await roleOf(world.team.id, world.users.member.id)).toBeNull();
    expect(await db.apiToken.count({ where: { teamId: world.team.id, userId: world.users.member.id, revokedAt: null } })).toBe(0);
    // Coming back does not revive the old tokens.
    await addMembershipFixture(world.team.id, world.users.member.id, 'MEMBER');
    expect(await codeOf(verifyApiToken(world.tokens.write))).toBe('UNAUTHENTICATED');
    expect(await codeOf(removeMember(admin, { teamId: world.team.id, userId: world.users.owner.id }))).toBe('FORBIDDEN');
    expect(await codeOf(removeMember(await principalFor(world.users.viewer.id), { teamId: world.team.id, userId: world.users.admin.id }))).toBe('FORBIDDEN');
    expect(await codeOf(removeMember(admin, { teamId: world.team.id, userId: world.otherOwner.id }))).toBe('NOT_FOUND');
  });

  it('lets anyone leave, except the last owner', async () => {
    const world = await teamWorld();
    const viewer = await principalFor(world.users.viewer.id);
    await removeMember(viewer, { teamId: world.team.id, userId: world.users.viewer.id });
    expect(await roleOf(world.team.id, world.users.viewer.id)).toBeNull();
    expect(await db.auditEvent.findFirst({ where: { teamId: world.team.id, action: 'member.leave' } })).toMatchObject({ actorId: world.users.viewer.id });
    const owner = await principalFor(world.users.owner.id);
    await expect(removeMember(owner, { teamId: world.team.id, userId: world.users.owner.id })).rejects.toMatchObject({ message: 'A team needs at least one owner' });
    // A token cannot make its user leave.
    expect(await codeOf(removeMember(await verifyApiToken(world.tokens.write), { teamId: world.team.id, userId: world.users.member.id }))).toBe('FORBIDDEN');
  });

  it('keeps the sole owner even against the admin CLI', async () => {
    const team = await createTeamFixture();
    const { user } = await createUserFixture();
    await addMembershipFixture(team.id, user.id, 'OWNER');
    expect(await codeOf(removeMember(system, { teamId: team.id, userId: user.id }))).toBe('BAD_USER_INPUT');
  });
});
