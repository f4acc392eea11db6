import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { createTeamFixture, createUserFixture } from '../../tests/helpers/fixtures.ts';
import { oauthSignInAllowed } from './oauth-sign-in.ts';
import { getSignupMode } from './signup-mode.ts';

setupTestDatabase();
afterEach(() => {
  delete process.env.CAIRN_SIGNUP;
});

describe('getSignupMode and OAuth sign-up', () => {
  it('is open for the very first user, even when invite-only is configured', async () => {
    process.env.CAIRN_SIGNUP = 'invite';
    expect(await getSignupMode()).toEqual({ mode: 'open', firstUser: true });
    expect(await oauthSignInAllowed('github', '1', 'first@example.com')).toBe(true);
  });

  it('is invite-only after the first user unless CAIRN_SIGNUP=open', async () => {
    const { user: inviter } = await createUserFixture();
    expect(await getSignupMode()).toEqual({ mode: 'invite', firstUser: false });
    expect(await oauthSignInAllowed('github', '2', 'stranger@example.com')).toBe(false);
    expect(await oauthSignInAllowed('github', '2', null)).toBe(false);

    process.env.CAIRN_SIGNUP = 'Open';
    expect(await getSignupMode()).toEqual({ mode: 'open', firstUser: false });
    expect(await oauthSignInAllowed('github', '2', 'stranger@example.com')).toBe(true);
    process.env.CAIRN_SIGNUP = 'something-else';
    expect((await getSignupMode()).mode).toBe('invite');

    // A pending invitation to that email lets the person in; expired, revoked or accepted ones do not.
    const team = await createTeamFixture();
    const invite = (email: string, extra: object) =>
      db.invitation.create({
        data: { teamId: team.id, email, role: 'MEMBER', tokenHash: `${email}-${Math.random()}`, invitedById: inviter.id, expiresAt: new Date(Date.now() + 86_400_000), ...extra },
      });
    await invite('Invited@Example.com', {});
    await invite('expired@example.com', { expiresAt: new Date(Date.now() - 1000) });
    await invite('revoked@example.com', { revokedAt: new Date() });
    await invite('accepted@example.com', { acceptedAt: new Date() });
    process.env.CAIRN_SIGNUP = 'invite';
    expect(await oauthSignInAllowed('oidc', 'x', 'invited@example.com')).toBe(true);
    for (const email of ['expired@example.com', 'revoked@example.com', 'accepted@example.com']) {
      expect(await oauthSignInAllowed('oidc', 'x', email), email).toBe(false);
    }
  });

  it('always lets existing users and linked accounts sign in', async () => {
    const { user } = await createUserFixture({ email: 'known@example.com' });
    expect(await oauthSignInAllowed('google', 'g-1', 'KNOWN@example.com')).toBe(true);
    await db.account.create({ data: { userId: user.id, type: 'oidc', provider: 'google', providerAccountId: 'g-1' } });
    expect(await oauthSignInAllowed('google', 'g-1', null)).toBe(true);
  });
});
