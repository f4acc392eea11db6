import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { createInvitation } from '../teams/create-invitation.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { addMembershipFixture, codeOf, createTeamFixture, createUserFixture, principalFor } from '../../tests/helpers/fixtures.ts';
import { signUp } from './sign-up.ts';

setupTestDatabase();
beforeAll(() => {
  process.env.CAIRN_BCRYPT_COST = '4';
});
afterEach(() => {
  delete process.env.CAIRN_SIGNUP;
});

const password = 'a-long-enough-password';

async function inviteTo(options: { role?: 'MEMBER' | 'VIEWER'; email?: string } = {}) {
  const team = await createTeamFixture();
  const { user: owner } = await createUserFixture();
  await addMembershipFixture(team.id, owner.id, 'OWNER');
  const { token } = await createInvitation(await principalFor(owner.id), { teamId: team.id, role: options.role ?? 'MEMBER', email: options.email });
  return { team, token };
}

// The order matters: the first test runs on an empty instance.
describe('signUp', () => {
  it('makes the first user of the instance its admin, exactly one even when people race', async () => {
    process.env.CAIRN_SIGNUP = 'open'; // so that every racer gets an account
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) => signUp({ email: `first-${name}@example.com`, password, name })),
    );
    expect(results.filter(({ user }) => user.isInstanceAdmin)).toHaveLength(1);
    expect(await db.user.count({ where: { isInstanceAdmin: true } })).toBe(1);
    expect(await db.user.count()).toBe(4);
  });

  it('is invite-only after the first user by default, and writes nothing when refused', async () => {
    const refused = signUp({ email: 'walk-in@example.com', password });
    await expect(refused).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('invite-only') });
    process.env.CAIRN_SIGNUP = 'invite';
    expect(await codeOf(signUp({ email: 'walk-in@example.com', password }))).toBe('FORBIDDEN');
    expect(await db.user.findUnique({ where: { email: 'walk-in@example.com' } })).toBeNull();
  });

  it('lets anyone sign up with CAIRN_SIGNUP=open, as an ordinary user', async () => {
    process.env.CAIRN_SIGNUP = 'open';
    const { user, teamSlug } = await signUp({ email: ' Walk-In@Example.com ', password, name: 'Walk In' });
    expect(user).toMatchObject({ email: 'walk-in@example.com', name: 'Walk In', isInstanceAdmin: false });
    expect(teamSlug).toBeUndefined();
  });

  it('checks the input before anything else', async () => {
    process.env.CAIRN_SIGNUP = 'open';
    await expect(signUp({ email: 'short@example.com', password: 'short' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'Password must be at least 10 characters',
    });
    expect(await codeOf(signUp({ email: 'walk-in@example.com', password }))).toBe('ALREADY_EXISTS');
  });

  it('joins the team of a valid invite link in the same step, even when invite-only', async () => {
    const { team, token } = await inviteTo({ role: 'VIEWER' });
    const { user, teamSlug, role } = await signUp({ email: 'invited@example.com', password, inviteToken: token });
    expect({ teamSlug, role }).toEqual({ teamSlug: team.slug, role: 'VIEWER' });
    expect(await db.membership.findUnique({ where: { teamId_userId: { teamId: team.id, userId: user.id } } })).toMatchObject({ role: 'VIEWER' });
    // Single use.
    expect(await codeOf(signUp({ email: 'second@example.com', password, inviteToken: token }))).toBe('BAD_USER_INPUT');
    expect(await db.user.findUnique({ where: { email: 'second@example.com' } })).toBeNull();
  });

  it('creates no user for an expired, revoked, unknown or mismatched invitation', async () => {
    const expired = await inviteTo();
    await db.invitation.updateMany({ where: { teamId: expired.team.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await inviteTo();
    await db.invitation.updateMany({ where: { teamId: revoked.team.id }, data: { revokedAt: new Date() } });
    const forSomeoneElse = await inviteTo({ email: 'someone-else@example.com' });
    const cases: [string, string][] = [
      [expired.token, 'BAD_USER_INPUT'],
      [revoked.token, 'BAD_USER_INPUT'],
      ['A'.repeat(43), 'BAD_USER_INPUT'],
      ['garbage', 'BAD_USER_INPUT'],
      [forSomeoneElse.token, 'FORBIDDEN'],
    ];
    process.env.CAIRN_SIGNUP = 'open'; // even where sign-up is open, a bad link is an error, not ignored
    for (const [inviteToken, code] of cases) {
      expect(await codeOf(signUp({ email: 'hopeful@example.com', password, inviteToken })), inviteToken).toBe(code);
    }
    expect(await db.user.findUnique({ where: { email: 'hopeful@example.com' } })).toBeNull();
    expect(await db.invitation.count({ where: { acceptedAt: { not: null }, teamId: { in: [expired.team.id, revoked.team.id, forSomeoneElse.team.id] } } })).toBe(0);
    // The right person can still use the invitation meant for them.
    expect((await signUp({ email: 'Someone-Else@example.com', password, inviteToken: forSomeoneElse.token })).teamSlug).toBe(forSomeoneElse.team.slug);
  });
});
