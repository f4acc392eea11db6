// What an invite link shows before anyone signs in: the team's name and slug, the role,
// the address it is bound to, its state and expiry. Nothing else about the team. An
// unknown or malformed secret is NOT_FOUND.
import type { Principal } from '../authz/index.ts';
import { db, type TeamRole } from '../db/client.ts';
import { notFound } from '../errors.ts';
import { hashInvitationToken, looksLikeInvitationToken } from './invitation-secret.ts';
import { invitationState, type InvitationState } from './invitation-view.ts';

export type InvitationPreview = {
  teamName: string;
  teamSlug: string;
  role: TeamRole;
  email: string | null;
  state: InvitationState;
  expiresAt: Date;
};

/** Public: callable as previewInvitation(token) or, like every use case, (principal, { token }). */
export async function previewInvitation(token: string): Promise<InvitationPreview>;
export async function previewInvitation(principal: Principal, input: { token: string }): Promise<InvitationPreview>;
export async function previewInvitation(first: string | Principal, input?: { token: string }): Promise<InvitationPreview> {
  const token = (typeof first === 'string' ? first : input?.token ?? '').trim();
  if (!looksLikeInvitationToken(token)) throw notFound('Invitation');
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: { role: true, email: true, expiresAt: true, acceptedAt: true, revokedAt: true, team: { select: { name: true, slug: true } } },
  });
  if (!invitation) throw notFound('Invitation');
  return {
    teamName: invitation.team.name,
    teamSlug: invitation.team.slug,
    role: invitation.role,
    email: invitation.email,
    state: invitationState(invitation),
    expiresAt: invitation.expiresAt,
  };
}
