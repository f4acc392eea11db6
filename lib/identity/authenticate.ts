// Email + password check for the Auth.js credentials provider. An unknown email costs a
// bcrypt comparison too, so response time does not tell which emails have accounts.
// Accounts under repeated guessing are locked for a while (sign-in-throttle.ts): throws
// SignInLockedError then, even for the right password.
import { db } from '../db/client.ts';
import type { User } from '../db/generated/client.ts';
import { hashPassword, verifyPassword } from './hash-password.ts';
import { assertSignInAllowed, recordSignInAttempt } from './sign-in-throttle.ts';

let dummyHash: Promise<string> | undefined;

/** A hash at the configured cost that no password matches (made once, lazily). */
function hashForUnknownUsers(): Promise<string> {
  return (dummyHash ??= hashPassword(`no user ${Math.random()} ${Date.now()}`));
}

export async function authenticateWithPassword(email: unknown, password: unknown): Promise<User | null> {
  if (typeof email !== 'string' || typeof password !== 'string' || !email.trim() || !password) return null;
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user?.passwordHash) {
    await verifyPassword(password, await hashForUnknownUsers());
    return null;
  }
  await assertSignInAllowed(user.id);
  const ok = await verifyPassword(password, user.passwordHash);
  await recordSignInAttempt(user.id, ok);
  return ok ? user : null;
}
