// redeemInvitation: the shared core of accepting an invitation and signing up with one.
import { describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { createUserFixture, principalFor, teamWorld } from '../../tests/helpers/fixtures.ts';
import { createInvitation } from './create-invitation.ts';
import { redeemInvitation } from './redeem-invitation.ts';

setupTestDatabase();

async function invite(options: { role?: string; email?: string } = {}) {
  const world = await teamWorld();
  const created = await createInvitation(await principalFor(world.users.admin.id), { teamId: world.team.id, role: options.role ?? 'MEMBER', email: options.email });
  return { world, ...created };
}

async function redeem(token: string, user: { id: string; email: string }) {
  return db.$transaction((tx) => redeemInvitation(tx, { token, userId: user.id, email: user.email }));
}

const membershipOf = (teamId: string, userId: string) => db.membership.findUnique({ where: { teamId_userId: { teamId, userId } } });

describe('redeemInvitation', () => {
  it('adds the membership, marks the invitation accepted by the user and audits it', async () => {
    const { world, token, invitation } = await invite({ role: 'viewer' });
    const { user } = await createUserFixture();
    expect(await redeem(token, user)).toEqual({ teamId: world.team.id, teamSlug: world.team.slug, teamName: world.team.name, role: 'VIEWER' });
    expect(await membershipOf(world.team.id, user.id)).toMatchObject({ role: 'VIEWER' });
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.acceptedById).toBe(user.id);
    expect(Math.abs(row.acceptedAt!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await db.auditEvent.findFirst({ where: { action: 'invitation.accept', targetId: invitation.id } })).toMatchObject({ actorId: user.id, teamId: world.team.id });
  });

  it('is single use, even when two people redeem the same link at once', async () => {
    const { world, token } = await invite();
    const a = (await createUserFixture()).user;
    const b = (await createUserFixture()).user;
    const outcomes = await Promise.allSettled([redeem(token, a), redeem(token, b)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const failure = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason).toMatchObject({ code: 'BAD_USER_INPUT', message: 'This invitation has already been used' });
    expect(await db.membership.count({ where: { teamId: world.team.id, userId: { in: [a.id, b.id] } } })).toBe(1);
  });

  it('refuses expired, revoked, unknown and malformed links with clear messages and no membership', async () => {
    const { world, token, invitation } = await invite();
    const { user } = await createUserFixture();
    await db.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(redeem(token, user)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: 'This invitation has expired' });
    await db.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() + 86_400_000), revokedAt: new Date() } });
    await expect(redeem(token, user)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: 'This invitation has been revoked' });
    for (const bad of ['A'.repeat(43), 'short', '']) {
      await expect(redeem(bad, user)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: 'This invitation link is not valid' });
    }
    expect(await membershipOf(world.team.id, user.id)).toBeNull();
  });

  it('honours email binding (case-insensitively) and leaves the link usable after a mismatch', async () => {
    const { world, token } = await invite({ email: 'bound@example.test' });
    const stranger = (await createUserFixture()).user;
    await expect(redeem(token, stranger)).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'This invitation is for a different email address' });
    expect(await db.invitation.count({ where: { teamId: world.team.id, acceptedAt: null } })).toBe(1);
    const bound = (await createUserFixture({ email: 'bound@example.test' })).user;
    expect(await redeem(token, { id: bound.id, email: 'Bound@Example.TEST' })).toMatchObject({ role: 'MEMBER' });
  });

  it('promotes an existing member to a higher role, and otherwise refuses without using the link', async () => {
    const { world, token } = await invite({ role: 'admin' });
    expect(await redeem(token, world.users.viewer)).toMatchObject({ role: 'ADMIN' });
    expect(await membershipOf(world.team.id, world.users.viewer.id)).toMatchObject({ role: 'ADMIN' });

    const lower = await createInvitation(await principalFor(world.users.owner.id), { teamId: world.team.id, role: 'VIEWER' });
    await expect(redeem(lower.token, world.users.member)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await membershipOf(world.team.id, world.users.member.id)).toMatchObject({ role: 'MEMBER' });
    expect(await db.invitation.findUniqueOrThrow({ where: { id: lower.invitation.id } })).toMatchObject({ acceptedAt: null });
  });

  it('rolls back with the caller: a failure later in the same transaction leaves the link unused', async () => {
    const { world, token, invitation } = await invite();
    const { user } = await createUserFixture();
    await expect(
      db.$transaction(async (tx) => {
        await redeemInvitation(tx, { token, userId: user.id, email: user.email });
        throw new Error('sign-up failed after redeeming');
      }),
    ).rejects.toThrow('sign-up failed');
    expect(await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ acceptedAt: null });
    expect(await membershipOf(world.team.id, user.id)).toBeNull();
  });

  it('compares expiry in UTC whatever the session time zone', async () => {
    const { token, invitation } = await invite();
    const { user } = await createUserFixture();
    const inZone = (zone: string) =>
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL TimeZone = '${zone}'`);
        return redeemInvitation(tx, { token, userId: user.id, email: user.email });
      });
    await db.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 3_600_000) } });
    await expect(inZone('Pacific/Pago_Pago')).rejects.toMatchObject({ message: 'This invitation has expired' });
    await db.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() + 3_600_000) } });
    expect(await inZone('Pacific/Kiritimati')).toMatchObject({ role: 'MEMBER' });
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(Math.abs(row.acceptedAt!.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
