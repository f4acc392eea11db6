// "Sign out everywhere": ends every session of a user at once (every browser, every device),
// by bumping the user's session version; the next request of each such session is anonymous.
// A person signs themselves out; an instance admin or the admin CLI may sign out anyone (a
// lost laptop, a compromised account). API tokens are not sessions: they stay valid until
// revoked. A program holding a token cannot sign its person out.
import { z } from 'zod';
import { actorUserId, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { forbidden, notFound, unauthenticated } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { bumpSessionVersion } from './session-version.ts';
import { forgetPrincipals } from '../authz/principal-changes.ts';

const inputSchema = z.object({ userId: z.string().trim().min(1).max(100).nullish() });

export async function signOutEverywhere(principal: Principal, rawInput: { userId?: string | null } = {}): Promise<{ userId: string }> {
  const input = parseInput(inputSchema, rawInput);
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (principal.kind !== 'user' && principal.kind !== 'system') throw forbidden('Only a signed-in person can end sessions');
  const userId = input.userId ?? actorUserId(principal);
  if (!userId) throw notFound('User');
  const self = principal.kind === 'user' && principal.userId === userId;
  if (!self && principal.kind === 'user' && !principal.isInstanceAdmin) throw forbidden('Only instance admins can sign out someone else');

  const result = await db.$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
    if (!target) throw notFound('User', userId);
    const sessionVersion = await bumpSessionVersion(tx, userId);
    await recordAuditEvent(tx, {
      principal,
      action: 'user.sign_out_everywhere',
      targetType: 'User',
      targetId: userId,
      metadata: { email: target.email, sessionVersion },
    });
    return { userId };
  });
  await forgetPrincipals([userId]);
  return result;
}
