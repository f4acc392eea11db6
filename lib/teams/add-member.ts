// Add an existing user (by email) to a team with a role. Admins add members up to ADMIN;
// only owners grant OWNER. New people without an account join by invitation instead.
import { z } from 'zod';
import { canAssignRole, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db, type TeamRole } from '../db/client.ts';
import { AppError, alreadyExists, forbidden, isUniqueViolation } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { authorizeTeam } from './authorize-team.ts';
import { emailInputSchema, teamIdSchema, teamRoleSchema } from './team-input.ts';
import { memberSelect, type MemberView } from './team-members.ts';
import { announcePrincipalChange, forgetPrincipals } from '../authz/principal-changes.ts';

const inputSchema = z.object({ teamId: teamIdSchema, email: emailInputSchema, role: teamRoleSchema });

export async function addMember(principal: Principal, rawInput: { teamId: string; email: string; role: TeamRole | string }): Promise<MemberView> {
  const input = parseInput(inputSchema, rawInput);
  const { role: actorRole } = await authorizeTeam(principal, 'member:manage', input.teamId);
  if (!canAssignRole(actorRole, input.role)) throw forbidden('Only owners can grant the owner role');
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (!user) throw new AppError('NOT_FOUND', 'No user with that email');
  const taken = () => alreadyExists('That user is already a member of this team');
  if (await db.membership.findUnique({ where: { teamId_userId: { teamId: input.teamId, userId: user.id } }, select: { role: true } })) throw taken();
  try {
    const member = await db.$transaction(async (tx) => {
      const member = await tx.membership.create({ data: { teamId: input.teamId, userId: user.id, role: input.role }, select: memberSelect });
      await announcePrincipalChange(tx, [user.id]); // the new team shows at once, on every instance
      await recordAuditEvent(tx, {
        principal,
        teamId: input.teamId,
        action: 'member.add',
        targetType: 'User',
        targetId: user.id,
        metadata: { email: input.email, role: input.role },
      });
      return member;
    });
    await forgetPrincipals([user.id]);
    return member;
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
