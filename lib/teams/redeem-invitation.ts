// The one way into a team by invitation, shared by acceptInvitation (a signed-in user) and
// sign-up (a new account, inside the sign-up transaction: a bad link leaves no user behind).
//
// Single use: the invitation is consumed by one conditional UPDATE, so two people racing
// on the same link cannot both join. Any error below rolls the consumption back with the
// caller's transaction.
//
// Already a member: the invitation is used only when it grants a higher role (the member
// is promoted); otherwise ALREADY_EXISTS and the link stays valid.
import type { UserPrincipal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TeamRole } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { alreadyExists, badInput, forbidden } from '../errors.ts';
import { hashInvitationToken, looksLikeInvitationToken } from './invitation-secret.ts';
import { invitationState } from './invitation-view.ts';
import { announcePrincipalChange } from '../authz/principal-changes.ts';

export type RedeemInvitationInput = { token: string; userId: string; email: string };
export type RedeemedInvitation = { teamId: string; teamSlug: string; teamName: string; role: TeamRole };

const invalidLink = () => badInput('This invitation link is not valid');

export async function redeemInvitation(tx: Prisma.TransactionClient, input: RedeemInvitationInput): Promise<RedeemedInvitation> {
  const token = input.token.trim();
  if (!looksLikeInvitationToken(token)) throw invalidLink();
  const tokenHash = hashInvitationToken(token);
  // Timestamps are stored as UTC `timestamp` (Prisma's convention), hence AT TIME ZONE 'UTC'.
  const [consumed] = await tx.$queryRaw<{ id: string; team_id: string; email: string | null; role: TeamRole }[]>`
    UPDATE invitations
       SET accepted_at = now() AT TIME ZONE 'UTC', accepted_by_id = ${input.userId}
     WHERE token_hash = ${tokenHash}
       AND accepted_at IS NULL AND revoked_at IS NULL
       AND expires_at > now() AT TIME ZONE 'UTC'
    RETURNING id, team_id, email, role::text AS role`;
  if (!consumed) throw await whyNotRedeemable(tx, tokenHash);

  if (consumed.email && consumed.email.toLowerCase() !== input.email.trim().toLowerCase()) {
    throw forbidden('This invitation is for a different email address');
  }
  // Enum order is OWNER < ADMIN < MEMBER < VIEWER, so "EXCLUDED.role < role" means "higher".
  const [membership] = await tx.$queryRaw<{ role: TeamRole; inserted: boolean }[]>`
    INSERT INTO memberships (team_id, user_id, role, created_at, updated_at)
    VALUES (${consumed.team_id}, ${input.userId}, ${consumed.role}::"TeamRole", now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
    ON CONFLICT (team_id, user_id) DO UPDATE
       SET role = EXCLUDED.role, updated_at = EXCLUDED.updated_at
     WHERE EXCLUDED.role < memberships.role
    RETURNING role::text AS role, (xmax = 0) AS inserted`;
  if (!membership) throw alreadyExists('You are already a member of this team');
  await announcePrincipalChange(tx, [input.userId]); // callers forgetPrincipals() after the commit

  const team = await tx.team.findUniqueOrThrow({ where: { id: consumed.team_id }, select: { slug: true, name: true } });
  const actor: UserPrincipal = { kind: 'user', userId: input.userId, email: input.email, isInstanceAdmin: false, memberships: new Map() };
  await recordAuditEvent(tx, {
    principal: actor,
    teamId: consumed.team_id,
    action: 'invitation.accept',
    targetType: 'Invitation',
    targetId: consumed.id,
    metadata: { role: consumed.role, promoted: !membership.inserted },
  });
  return { teamId: consumed.team_id, teamSlug: team.slug, teamName: team.name, role: membership.role };
}

async function whyNotRedeemable(tx: Prisma.TransactionClient, tokenHash: string) {
  const invitation = await tx.invitation.findUnique({ where: { tokenHash }, select: { acceptedAt: true, revokedAt: true, expiresAt: true } });
  if (!invitation) return invalidLink();
  switch (invitationState(invitation)) {
    case 'ACCEPTED':
      return badInput('This invitation has already been used');
    case 'REVOKED':
      return badInput('This invitation has been revoked');
    default:
      // EXPIRED, or PENDING by a hair when the clocks of Node and PostgreSQL disagree.
      return badInput('This invitation has expired');
  }
}
