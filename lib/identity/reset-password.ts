// An operator sets someone's password (a forgotten password, a first password for an OAuth
// account): the admin CLI only, with the same strength check as sign-up, and every session
// of the account ends.
import { z } from 'zod';
import type { Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { forbidden, notFound } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { assertStrongPassword, emailSchema, passwordSchema } from './create-user.ts';
import { hashPassword } from './hash-password.ts';
import { bumpSessionVersion } from './session-version.ts';
import { forgetPrincipals } from '../authz/principal-changes.ts';

const inputSchema = z.object({ email: emailSchema, password: passwordSchema });

export async function resetPassword(principal: Principal, rawInput: { email: string; password: string }): Promise<{ userId: string }> {
  if (principal.kind !== 'system') throw forbidden('Passwords are reset with the admin CLI');
  const input = parseInput(inputSchema, rawInput);
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true, email: true, name: true } });
  if (!user) throw notFound('User', input.email);
  assertStrongPassword(input.password, user);
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const sessionVersion = await bumpSessionVersion(tx, user.id);
    await recordAuditEvent(tx, { principal, action: 'user.password_reset', targetType: 'User', targetId: user.id, metadata: { email: user.email, sessionVersion } });
  });
  await forgetPrincipals([user.id]);
  return { userId: user.id };
}
