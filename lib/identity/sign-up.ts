// Sign-up: create an account, and with an invite link join that team in the same
// transaction (an expired or used invite leaves nothing behind). The first user of the
// instance becomes its admin; sign-ups take an advisory lock so two people racing to be
// first cannot both become admin.
import { z } from 'zod';
import { db, type TeamRole } from '../db/client.ts';
import type { User } from '../db/generated/client.ts';
import { forbidden } from '../errors.ts';
import { redeemInvitation } from '../teams/redeem-invitation.ts';
import { insertUser, prepareUser } from './create-user.ts';
import { parseInput } from '../validation/parse-input.ts';
import { configuredSignupMode, hasAnyUser, lockSignups } from './signup-mode.ts';

const inviteSchema = z.object({
  inviteToken: z
    .string()
    .trim()
    .max(200, 'Invalid invitation link')
    .nullish()
    .transform((token) => token || null),
});

export type SignUpInput = { email: string; password: string; name?: string | null; inviteToken?: string | null };

export type SignUpResult = { user: User; teamSlug?: string; role?: TeamRole };

export async function signUp(input: SignUpInput): Promise<SignUpResult> {
  const { inviteToken } = parseInput(inviteSchema, { inviteToken: input.inviteToken });
  const prepared = await prepareUser({ email: input.email, password: input.password, name: input.name });

  return db.$transaction(async (tx) => {
    await lockSignups(tx);
    const firstUser = !(await hasAnyUser(tx));
    if (!firstUser && !inviteToken && configuredSignupMode() === 'invite') {
      throw forbidden('This Cairn instance is invite-only: ask a team admin for an invitation link');
    }
    const user = await insertUser(tx, { ...prepared, isInstanceAdmin: firstUser });
    if (!inviteToken) return { user };
    const joined = await redeemInvitation(tx, { token: inviteToken, userId: user.id, email: user.email });
    return { user, teamSlug: joined.teamSlug, role: joined.role };
  });
}
