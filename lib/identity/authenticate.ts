// Email + password check for the Auth.js credentials provider. An unknown email costs a
// bcrypt comparison too, so response time does not tell which emails have accounts.
// Accounts under repeated guessing are locked for a while (sign-in-throttle.ts): throws
// SignInLockedError then, even for the right password. Every attempt, known email or not,
// is an audit event with the client's address.
import { db } from '../db/client.ts';
import type { User } from '../db/generated/client.ts';
import { hashPassword, verifyPassword } from './hash-password.ts';
import { consumeRateLimit } from '../ratelimit/consume-rate-limit.ts';
import { rateLimitOf } from '../ratelimit/rate-limits.ts';
import { assertSignInAllowed, recordSignInAttempt, SignInLockedError } from './sign-in-throttle.ts';

let dummyHash: Promise<string> | undefined;

/** A hash at the configured cost that no password matches (made once, lazily). */
function hashForUnknownUsers(): Promise<string> {
  return (dummyHash ??= hashPassword(`no user ${Math.random()} ${Date.now()}`));
}

export async function authenticateWithPassword(
  email: unknown,
  password: unknown,
  context: { clientAddress?: string | null } = {},
): Promise<User | null> {
  if (typeof email !== 'string' || typeof password !== 'string' || !email.trim() || !password) return null;
  const normalized = email.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email: normalized } });
  const attempt = { email: normalized, clientAddress: context.clientAddress };
  if (!user?.passwordHash) {
    await verifyPassword(password, await hashForUnknownUsers());
    await recordSignInAttempt({ ...attempt, userId: user?.id ?? null, succeeded: false, reason: user ? 'no-password' : 'unknown-email' });
    await countFailureOfAddress(context.clientAddress);
    return null;
  }
  try {
    await assertSignInAllowed(user.id);
  } catch (error) {
    // Recorded against the account as target, not actor: attempts while locked must not
    // count towards (and so prolong) the lock itself.
    if (error instanceof SignInLockedError) {
      await recordSignInAttempt({ ...attempt, userId: null, targetUserId: user.id, succeeded: false, reason: 'locked' });
      await countFailureOfAddress(context.clientAddress);
    }
    throw error;
  }
  const ok = await verifyPassword(password, user.passwordHash);
  await recordSignInAttempt({ ...attempt, userId: user.id, succeeded: ok, ...(ok ? {} : { reason: 'password' }) });
  if (!ok) await countFailureOfAddress(context.clientAddress);
  return ok ? user : null;
}

/**
 * Failed sign-ins per client address (lib/ratelimit): the server's guard refuses the address's
 * next attempts with 429 once they pass CAIRN_RATE_LIMIT_SIGNIN_PER_MINUTE in a minute, whatever
 * accounts they try (the per-account lock above stops guessing one account's password).
 */
async function countFailureOfAddress(clientAddress: string | null | undefined): Promise<void> {
  const rule = rateLimitOf('sign-in-failure');
  if (rule && clientAddress) await consumeRateLimit(rule, clientAddress);
}
