// Revoke an invite link before it is used. Another team's invitation is NOT_FOUND; revoking
// twice is harmless; an accepted one cannot be revoked (remove the member instead).
import { z } from 'zod';
import { authorizeRow, canAssignRole, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { badInput, forbidden } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { invitationView, invitationViewSelect, type InvitationView } from './invitation-view.ts';
import { idSchema } from './team-input.ts';

const inputSchema = z.object({ invitationId: idSchema('invitationId') });

export async function revokeInvitation(principal: Principal, rawInput: { invitationId: string }): Promise<InvitationView> {
  const { invitationId } = parseInput(inputSchema, rawInput);
  const found = await db.invitation.findUnique({ where: { id: invitationId }, select: { teamId: true, role: true, acceptedAt: true } });
  const actorRole = authorizeRow(principal, 'member:manage', found?.teamId, 'Invitation', invitationId);
  const invitation = found!;
  if (!canAssignRole(actorRole, invitation.role)) throw forbidden('Only owners can revoke an invitation to become owner');
  if (invitation.acceptedAt) throw badInput('This invitation was already accepted: remove the member instead');

  return db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: invitationId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count > 0) {
      await recordAuditEvent(tx, { principal, teamId: invitation.teamId, action: 'invitation.revoke', targetType: 'Invitation', targetId: invitationId });
    }
    const current = await tx.invitation.findUniqueOrThrow({ where: { id: invitationId }, select: invitationViewSelect });
    if (current.acceptedAt && !current.revokedAt) throw badInput('This invitation was already accepted: remove the member instead');
    return invitationView(current);
  });
}
