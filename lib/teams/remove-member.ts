// Remove someone from a team, or leave it yourself. Removing others needs member:manage
// (and owner rights to remove an owner); the last owner can neither leave nor be removed.
// The member's API tokens for the team are revoked: they stop working at once anyway,
// but must not come back to life if the person is added again later.
import { z } from 'zod';
import { actorUserId, authorize, canAssignRole, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { forbidden, notFound } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { authorizeTeam } from './authorize-team.ts';
import { idSchema, teamIdSchema } from './team-input.ts';
import { assertOwnerRemains, lockMemberships } from './team-members.ts';
import { announcePrincipalChange, forgetPrincipals } from '../authz/principal-changes.ts';

const inputSchema = z.object({ teamId: teamIdSchema, userId: idSchema('userId') });

export async function removeMember(principal: Principal, rawInput: { teamId: string; userId: string }): Promise<void> {
  const input = parseInput(inputSchema, rawInput);
  const { role: actorRole } = await authorizeTeam(principal, 'team:read', input.teamId);
  // Leaving is a session action like any membership change: a token cannot make its user leave.
  const leaving = principal.kind === 'user' && actorUserId(principal) === input.userId;
  if (!leaving) authorize(principal, 'member:manage', input.teamId);

  await db.$transaction(async (tx) => {
    const roles = await lockMemberships(tx, input.teamId);
    const current = roles.get(input.userId);
    if (!current) throw notFound('Member', input.userId);
    if (!leaving && !canAssignRole(actorRole, current, current)) throw forbidden('Only owners can remove an owner');
    assertOwnerRemains(roles, input.userId, null);
    await tx.membership.delete({ where: { teamId_userId: { teamId: input.teamId, userId: input.userId } } });
    await tx.apiToken.updateMany({ where: { teamId: input.teamId, userId: input.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await announcePrincipalChange(tx, [input.userId]);
    await recordAuditEvent(tx, {
      principal,
      teamId: input.teamId,
      action: leaving ? 'member.leave' : 'member.remove',
      targetType: 'User',
      targetId: input.userId,
      metadata: { role: current },
    });
  });
  await forgetPrincipals([input.userId]);
}
