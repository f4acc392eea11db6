// Change a member's role. Admins move people between ADMIN, MEMBER and VIEWER; granting or
// taking away OWNER is for owners; the last owner cannot be demoted.
import { z } from 'zod';
import { canAssignRole, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db, type TeamRole } from '../db/client.ts';
import { forbidden, notFound } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { authorizeTeam } from './authorize-team.ts';
import { idSchema, teamIdSchema, teamRoleSchema } from './team-input.ts';
import { assertOwnerRemains, lockMemberships, memberSelect, type MemberView } from './team-members.ts';
import { announcePrincipalChange, forgetPrincipals } from '../authz/principal-changes.ts';

const inputSchema = z.object({ teamId: teamIdSchema, userId: idSchema('userId'), role: teamRoleSchema });

export async function changeMemberRole(
  principal: Principal,
  rawInput: { teamId: string; userId: string; role: TeamRole | string },
): Promise<MemberView> {
  const input = parseInput(inputSchema, rawInput);
  const { role: actorRole } = await authorizeTeam(principal, 'member:manage', input.teamId);
  let changed = false;
  const member = await db.$transaction(async (tx) => {
    const roles = await lockMemberships(tx, input.teamId);
    const current = roles.get(input.userId);
    if (!current) throw notFound('Member', input.userId);
    if (!canAssignRole(actorRole, input.role, current)) throw forbidden('Only owners can grant or take away the owner role');
    assertOwnerRemains(roles, input.userId, input.role);
    const member = await tx.membership.update({
      where: { teamId_userId: { teamId: input.teamId, userId: input.userId } },
      data: { role: input.role },
      select: memberSelect,
    });
    if (current !== input.role) {
      changed = true;
      await announcePrincipalChange(tx, [input.userId]);
      await recordAuditEvent(tx, {
        principal,
        teamId: input.teamId,
        action: 'member.role_change',
        targetType: 'User',
        targetId: input.userId,
        metadata: { from: current, to: input.role },
      });
    }
    return member;
  });
  if (changed) await forgetPrincipals([input.userId]);
  return member;
}
