// Who may create an account. CAIRN_SIGNUP=open lets anyone sign up; otherwise (the
// default, or CAIRN_SIGNUP=invite) new people need an invitation, except the very first
// user, who becomes the instance admin: an instance nobody can enter is no use.
import { db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';

export type SignupMode = 'open' | 'invite';

/** The configured mode once the instance has users (anything but `open` means invite-only). */
export function configuredSignupMode(): SignupMode {
  return process.env.CAIRN_SIGNUP?.trim().toLowerCase() === 'open' ? 'open' : 'invite';
}

export async function hasAnyUser(client: Prisma.TransactionClient = db): Promise<boolean> {
  return (await client.user.findFirst({ select: { id: true } })) !== null;
}

/** What the sign-up page needs to know: whether sign-up is open, and whether you would be the first user. */
export async function getSignupMode(): Promise<{ mode: SignupMode; firstUser: boolean }> {
  const firstUser = !(await hasAnyUser());
  return { mode: firstUser ? 'open' : configuredSignupMode(), firstUser };
}

/** Whether someone may create an account for `email` without an invite link (OAuth sign-in). */
export async function hasPendingInvitation(email: string, client: Prisma.TransactionClient = db): Promise<boolean> {
  const invitation = await client.invitation.findFirst({
    where: { email: { equals: email, mode: 'insensitive' }, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  return invitation !== null;
}

/** pg_advisory_xact_lock key serialising account creation ("cairn-su"). */
const SIGNUP_LOCK_KEY = 0x636169726e2d7375n;

/** Serialise account creation until the transaction ends, so exactly one first user becomes admin. */
export async function lockSignups(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGNUP_LOCK_KEY})`;
}
