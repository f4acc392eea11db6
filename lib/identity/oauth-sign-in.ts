// The sign-up rule for OAuth/OIDC: Auth.js creates the account itself on first sign-in, so
// the same CAIRN_SIGNUP policy as password sign-up is applied here, before it does.
import { db } from '../db/client.ts';
import { configuredSignupMode, hasAnyUser, hasPendingInvitation } from './signup-mode.ts';

/**
 * Whether an OAuth/OIDC sign-in may go ahead. Known users and linked accounts always may; a
 * new person needs open sign-up, an empty instance, or a pending invitation to their email
 * (they then accept it from the invite link once signed in).
 */
export async function oauthSignInAllowed(provider: string, providerAccountId: string, email: string | null | undefined): Promise<boolean> {
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    select: { userId: true },
  });
  if (linked) return true;
  if (!email) return false;
  const normalized = email.trim().toLowerCase();
  if (await db.user.findUnique({ where: { email: normalized }, select: { id: true } })) return true;
  if (configuredSignupMode() === 'open' || !(await hasAnyUser())) return true;
  return hasPendingInvitation(normalized);
}
