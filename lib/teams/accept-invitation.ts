// A signed-in user joins a team by an invite link (see redeemInvitation for the rules).
import { z } from 'zod';
import type { Principal } from '../authz/index.ts';
import { db, type TeamRole } from '../db/client.ts';
import { forbidden, unauthenticated } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { redeemInvitation } from './redeem-invitation.ts';
import { forgetPrincipals } from '../authz/principal-changes.ts';
import { assertWithinRateLimit } from '../ratelimit/assert-within-rate-limit.ts';

const inputSchema = z.object({ token: z.string({ message: 'token is required' }).trim().min(1, 'token is required').max(200) });

export type AcceptedInvitation = {
  teamId: string;
  teamSlug: string;
  role: TeamRole;
  team: { id: string; slug: string; name: string };
};

export async function acceptInvitation(principal: Principal, rawInput: { token: string }): Promise<AcceptedInvitation> {
  if (principal.kind === 'anonymous') throw unauthenticated('Sign in or sign up to accept this invitation');
  if (principal.kind !== 'user') throw forbidden('Invitations are accepted from a signed-in session');
  const { token } = parseInput(inputSchema, rawInput);
  // Per client address (per account when the address is unknown): links are secrets, and
  // guessing them must stay slow whoever asks.
  await assertWithinRateLimit('invitation', principal.clientAddress ?? `user:${principal.userId}`, 'invitation attempts');
  const joined = await db.$transaction((tx) => redeemInvitation(tx, { token, userId: principal.userId, email: principal.email }));
  await forgetPrincipals([principal.userId]); // the new team shows at once
  return {
    teamId: joined.teamId,
    teamSlug: joined.teamSlug,
    role: joined.role,
    team: { id: joined.teamId, slug: joined.teamSlug, name: joined.teamName },
  };
}
