// acceptInvitation's rate limit: guessing invitation links is slowed per client address
// (CAIRN_RATE_LIMIT_INVITATION_PER_MINUTE), counted in PostgreSQL, whatever the outcome.
import { afterEach, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { codeOf, createUserFixture, principalFor, teamWorld } from '../../tests/helpers/fixtures.ts';
import { isAppError } from '../errors.ts';
import { acceptInvitation } from './accept-invitation.ts';
import { createInvitation } from './create-invitation.ts';

setupTestDatabase();

afterEach(() => {
  delete process.env.CAIRN_RATE_LIMIT_INVITATION_PER_MINUTE;
});

describe('acceptInvitation rate limit', () => {
  it('refuses an address over the limit with RATE_LIMITED and a retry delay, even for a valid link', async () => {
    process.env.CAIRN_RATE_LIMIT_INVITATION_PER_MINUTE = '2';
    const world = await teamWorld();
    const { token } = await createInvitation(await principalFor(world.users.admin.id), { teamId: world.team.id, role: 'MEMBER' });
    const guesser = { ...(await principalFor((await createUserFixture()).user.id)), clientAddress: '198.51.100.4' };
    expect(await codeOf(acceptInvitation(guesser, { token: 'inv_guess1' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(acceptInvitation(guesser, { token: 'inv_guess2' }))).toBe('BAD_USER_INPUT');
    const refused = await acceptInvitation(guesser, { token }).catch((error: unknown) => error);
    expect(isAppError(refused) && refused.code).toBe('RATE_LIMITED');
    expect(isAppError(refused) && (refused.details?.retryAfterSeconds as number)).toBeGreaterThanOrEqual(1);

    const elsewhere = { ...(await principalFor((await createUserFixture()).user.id)), clientAddress: '198.51.100.5' };
    expect((await acceptInvitation(elsewhere, { token })).teamId).toBe(world.team.id);
  });
});
