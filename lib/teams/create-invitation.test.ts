// Invitations: create (who may invite whom), list, revoke, preview, accept.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { system } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { codeOf, createUserFixture, principalFor, teamWorld } from '../../tests/helpers/fixtures.ts';
import { verifyApiToken } from '../tokens/verify-api-token.ts';
import { acceptInvitation } from './accept-invitation.ts';
import { createInvitation } from './create-invitation.ts';
import { listInvitations } from './list-invitations.ts';
import { previewInvitation } from './preview-invitation.ts';
import { revokeInvitation } from './revoke-invitation.ts';

setupTestDatabase();

describe('createInvitation', () => {
  it('returns the secret once as /invite/<token> and stores only its sha256', async () => {
    const world = await teamWorld();
    const admin = await principalFor(world.users.admin.id);
    const before = Date.now();
    const created = await createInvitation(admin, { teamId: world.team.id, role: 'member' });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.path).toBe(`/invite/${created.token}`);
    expect(created.url).toBe(created.path);
    expect(created.invitation).toMatchObject({ teamId: world.team.id, role: 'MEMBER', email: null, state: 'PENDING', invitedById: world.users.admin.id });
    const row = await db.invitation.findUniqueOrThrow({ where: { id: created.invitation.id } });
    expect(row.tokenHash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const days = (row.expiresAt.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
    expect(await db.auditEvent.count({ where: { teamId: world.team.id, action: 'invitation.create', targetId: row.id } })).toBe(1);
  });

  it('checks roles, the expiry range and email-bound invitations of existing members', async () => {
    const world = await teamWorld();
    const admin = await principalFor(world.users.admin.id);
    const owner = await principalFor(world.users.owner.id);
    const teamId = world.team.id;
    expect(await codeOf(createInvitation(await principalFor(world.users.viewer.id), { teamId, role: 'VIEWER' }))).toBe('FORBIDDEN');
    expect(await codeOf(createInvitation(await principalFor(world.users.member.id), { teamId, role: 'VIEWER' }))).toBe('FORBIDDEN');
    expect(await codeOf(createInvitation(await verifyApiToken(world.tokens.write), { teamId, role: 'VIEWER' }))).toBe('FORBIDDEN');
    expect(await codeOf(createInvitation(admin, { teamId, role: 'OWNER' }))).toBe('FORBIDDEN');
    expect(await codeOf(createInvitation(admin, { teamId: world.otherTeam.id, role: 'VIEWER' }))).toBe('NOT_FOUND');
    for (const expiresInDays of [0, 31, 1.5]) {
      expect(await codeOf(createInvitation(admin, { teamId, role: 'VIEWER', expiresInDays }))).toBe('BAD_USER_INPUT');
    }
    expect(await codeOf(createInvitation(admin, { teamId, role: 'VIEWER', email: 'not-an-email' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(createInvitation(admin, { teamId, role: 'VIEWER', email: world.users.member.email }))).toBe('ALREADY_EXISTS');
    // The CLI has no user to send invitations as.
    expect(await codeOf(createInvitation(system, { teamId, role: 'VIEWER' }))).toBe('FORBIDDEN');
    expect(await db.invitation.count({ where: { teamId } })).toBe(0);
    expect(await codeOf(createInvitation(owner, { teamId, role: 'OWNER', email: 'New@Example.test', expiresInDays: 30 }))).toBe('OK');
    expect(await db.invitation.findFirst({ where: { teamId } })).toMatchObject({ email: 'new@example.test', role: 'OWNER' });
  });
});

describe('listInvitations and revokeInvitation', () => {
  it('lists open invitations with their state for admins only, and revokes', async () => {
    const world = await teamWorld();
    const admin = await principalFor(world.users.admin.id);
    const teamId = world.team.id;
    const open = await createInvitation(admin, { teamId, role: 'VIEWER' });
    const expired = await createInvitation(admin, { teamId, role: 'VIEWER' });
    await db.invitation.update({ where: { id: expired.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await createInvitation(admin, { teamId, role: 'VIEWER' });
    await revokeInvitation(admin, { invitationId: revoked.invitation.id });

    const listed = await listInvitations(admin, { teamId });
    expect(listed.map((i) => [i.id, i.state]).sort()).toEqual(
      [
        [open.invitation.id, 'PENDING'],
        [expired.invitation.id, 'EXPIRED'],
      ].sort(),
    );
    expect(await codeOf(listInvitations(await principalFor(world.users.member.id), { teamId }))).toBe('FORBIDDEN');
    expect(await codeOf(listInvitations(await principalFor(world.otherOwner.id), { teamId }))).toBe('NOT_FOUND');

    // Revoking is idempotent, hidden from other teams, and forbidden to non-admins.
    expect(await revokeInvitation(admin, { invitationId: revoked.invitation.id })).toMatchObject({ state: 'REVOKED' });
    expect(await codeOf(revokeInvitation(await principalFor(world.otherOwner.id), { invitationId: open.invitation.id }))).toBe('NOT_FOUND');
    expect(await codeOf(revokeInvitation(await principalFor(world.users.member.id), { invitationId: open.invitation.id }))).toBe('FORBIDDEN');
    expect(await codeOf(revokeInvitation(admin, { invitationId: 'nope' }))).toBe('NOT_FOUND');
    expect(await db.auditEvent.count({ where: { teamId, action: 'invitation.revoke' } })).toBe(1);
  });

  it('keeps admins from revoking an owner invitation and anyone from revoking an accepted one', async () => {
    const world = await teamWorld();
    const owner = await principalFor(world.users.owner.id);
    const admin = await principalFor(world.users.admin.id);
    const forOwner = await createInvitation(owner, { teamId: world.team.id, role: 'OWNER' });
    expect(await codeOf(revokeInvitation(admin, { invitationId: forOwner.invitation.id }))).toBe('FORBIDDEN');
    const { user } = await createUserFixture();
    await acceptInvitation(await principalFor(user.id), { token: forOwner.token });
    expect(await codeOf(revokeInvitation(owner, { invitationId: forOwner.invitation.id }))).toBe('BAD_USER_INPUT');
  });
});

describe('previewInvitation', () => {
  it('shows the team, role, email and state, and nothing for unknown links', async () => {
    const world = await teamWorld();
    const admin = await principalFor(world.users.admin.id);
    const created = await createInvitation(admin, { teamId: world.team.id, role: 'ADMIN', email: 'guest@example.test' });
    const preview = await previewInvitation(created.token);
    expect(preview).toEqual({
      teamName: world.team.name,
      teamSlug: world.team.slug,
      role: 'ADMIN',
      email: 'guest@example.test',
      state: 'PENDING',
      expiresAt: created.invitation.expiresAt,
    });
    expect(await previewInvitation({ kind: 'anonymous' }, { token: created.token })).toEqual(preview);
    await revokeInvitation(admin, { invitationId: created.invitation.id });
    expect(await previewInvitation(created.token)).toMatchObject({ state: 'REVOKED' });
    expect(await codeOf(previewInvitation('A'.repeat(43)))).toBe('NOT_FOUND');
    expect(await codeOf(previewInvitation('../../etc'))).toBe('NOT_FOUND');
  });
});

describe('acceptInvitation', () => {
  it('joins the team with the invited role, once', async () => {
    const world = await teamWorld();
    const created = await createInvitation(await principalFor(world.users.admin.id), { teamId: world.team.id, role: 'MEMBER' });
    const { user } = await createUserFixture();
    const accepted = await acceptInvitation(await principalFor(user.id), { token: created.token });
    expect(accepted).toMatchObject({ teamId: world.team.id, teamSlug: world.team.slug, role: 'MEMBER', team: { id: world.team.id, name: world.team.name } });
    expect(await db.membership.findUnique({ where: { teamId_userId: { teamId: world.team.id, userId: user.id } } })).toMatchObject({ role: 'MEMBER' });
    expect(await previewInvitation(created.token)).toMatchObject({ state: 'ACCEPTED' });
    const { user: late } = await createUserFixture();
    await expect(acceptInvitation(await principalFor(late.id), { token: created.token })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'This invitation has already been used',
    });
  });

  it('needs a signed-in user', async () => {
    const world = await teamWorld();
    const created = await createInvitation(await principalFor(world.users.admin.id), { teamId: world.team.id, role: 'MEMBER' });
    expect(await codeOf(acceptInvitation({ kind: 'anonymous' }, { token: created.token }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(acceptInvitation(await verifyApiToken(world.tokens.read), { token: created.token }))).toBe('FORBIDDEN');
    expect(await previewInvitation(created.token)).toMatchObject({ state: 'PENDING' });
  });
});
