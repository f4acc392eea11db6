// Invite someone by link: admins invite up to ADMIN, owners also OWNER. With an email the
// link only works for that address. The secret is returned once (in `path`); only its hash
// is stored.
import { z } from 'zod';
import { actorUserId, canAssignRole, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db, type TeamRole } from '../db/client.ts';
import { alreadyExists, forbidden } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { authorizeTeam } from './authorize-team.ts';
import { generateInvitationToken, invitationPath } from './invitation-secret.ts';
import { invitationView, invitationViewSelect, type InvitationView } from './invitation-view.ts';
import { emailInputSchema, teamIdSchema, teamRoleSchema } from './team-input.ts';

export const DEFAULT_INVITATION_DAYS = 7;
export const MAX_INVITATION_DAYS = 30;

const inputSchema = z.object({
  teamId: teamIdSchema,
  role: teamRoleSchema,
  email: z.preprocess((email) => (email === '' || email === null ? undefined : email), emailInputSchema.optional()),
  expiresInDays: z
    .number({ message: 'expiresInDays must be a whole number of days' })
    .int('expiresInDays must be a whole number of days')
    .min(1, 'An invitation lasts at least 1 day')
    .max(MAX_INVITATION_DAYS, `An invitation lasts at most ${MAX_INVITATION_DAYS} days`)
    .default(DEFAULT_INVITATION_DAYS),
});

export type CreateInvitationInput = { teamId: string; role: TeamRole | string; email?: string | null; expiresInDays?: number };

export type CreatedInvitation = {
  invitation: InvitationView;
  /** The secret; shown once. */
  token: string;
  /** '/invite/<token>': the link to hand out, relative to the instance's URL. */
  path: string;
  /** Same as `path` (the GraphQL payload's name for it). */
  url: string;
};

export async function createInvitation(principal: Principal, rawInput: CreateInvitationInput): Promise<CreatedInvitation> {
  const input = parseInput(inputSchema, rawInput);
  const { role: actorRole } = await authorizeTeam(principal, 'member:manage', input.teamId);
  if (!canAssignRole(actorRole, input.role)) throw forbidden('Only owners can invite owners');
  const invitedById = actorUserId(principal);
  if (!invitedById) throw forbidden('Invitations are sent by a user');
  if (input.email) {
    const member = await db.membership.findFirst({ where: { teamId: input.teamId, user: { email: input.email } }, select: { userId: true } });
    if (member) throw alreadyExists('That user is already a member of this team');
  }
  const { token, tokenHash } = generateInvitationToken();
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  const invitation = await db.$transaction(async (tx) => {
    const created = await tx.invitation.create({
      data: { teamId: input.teamId, role: input.role, email: input.email ?? null, tokenHash, invitedById, expiresAt },
      select: invitationViewSelect,
    });
    await recordAuditEvent(tx, {
      principal,
      teamId: input.teamId,
      action: 'invitation.create',
      targetType: 'Invitation',
      targetId: created.id,
      metadata: { role: input.role, email: input.email ?? null, expiresAt: expiresAt.toISOString() },
    });
    return created;
  });
  const path = invitationPath(token);
  return { invitation: invitationView(invitation), token, path, url: path };
}
