// A person changes their own password: the current one first (guesses count towards the
// sign-in lock, like failed sign-ins), the new one must pass the same strength check as at
// sign-up, and every session issued before ends, this one included (the page signs in again
// with the new password). OAuth-only accounts have no password to change.
import { z } from 'zod';
import { clientAddressOf, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { badInput, forbidden, unauthenticated } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { assertStrongPassword, passwordSchema } from './create-user.ts';
import { hashPassword, verifyPassword } from './hash-password.ts';
import { bumpSessionVersion } from './session-version.ts';
import { assertSignInAllowed, recordSignInAttempt, SignInLockedError } from './sign-in-throttle.ts';
import { forgetPrincipals } from '../authz/principal-changes.ts';

const inputSchema = z.object({
  currentPassword: z.string({ message: 'Current password is required' }).min(1, 'Current password is required').max(1000),
  newPassword: passwordSchema,
});

export async function changePassword(principal: Principal, rawInput: { currentPassword: string; newPassword: string }): Promise<void> {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (principal.kind !== 'user') throw forbidden('Only a signed-in person can change their password');
  const input = parseInput(inputSchema, rawInput);
  const user = await db.user.findUnique({ where: { id: principal.userId }, select: { id: true, email: true, name: true, passwordHash: true } });
  if (!user) throw unauthenticated();
  if (!user.passwordHash) throw badInput('This account signs in through an identity provider and has no password', { field: 'currentPassword' });
  try {
    await assertSignInAllowed(user.id);
  } catch (error) {
    if (error instanceof SignInLockedError) throw forbidden(error.message);
    throw error;
  }
  const ok = await verifyPassword(input.currentPassword, user.passwordHash);
  if (!ok) {
    await recordSignInAttempt({ userId: user.id, email: user.email, succeeded: false, reason: 'password', provider: 'change-password', clientAddress: clientAddressOf(principal) });
    throw badInput('The current password is wrong', { field: 'currentPassword' });
  }
  if (input.newPassword === input.currentPassword) throw badInput('The new password is the current one', { field: 'newPassword' });
  assertStrongPassword(input.newPassword, user, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const sessionVersion = await bumpSessionVersion(tx, user.id);
    await recordAuditEvent(tx, { principal, action: 'user.password_change', targetType: 'User', targetId: user.id, metadata: { sessionVersion } });
  });
  await forgetPrincipals([user.id]);
}
