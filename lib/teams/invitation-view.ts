// Invitations as the APIs show them. The state is derived, never stored: expiry is a
// matter of time. Values match the GraphQL enum InvitationState.
import type { TeamRole } from '../db/client.ts';
import type { Invitation, Prisma } from '../db/generated/client.ts';

export type InvitationState = 'PENDING' | 'ACCEPTED' | 'REVOKED' | 'EXPIRED';

export const invitationViewSelect = {
  id: true,
  teamId: true,
  email: true,
  role: true,
  expiresAt: true,
  createdAt: true,
  acceptedAt: true,
  revokedAt: true,
  invitedById: true,
} satisfies Prisma.InvitationSelect;

export type InvitationView = Pick<Invitation, keyof typeof invitationViewSelect> & { role: TeamRole; state: InvitationState };

export function invitationState(
  invitation: Pick<Invitation, 'acceptedAt' | 'revokedAt' | 'expiresAt'>,
  now: Date = new Date(),
): InvitationState {
  if (invitation.acceptedAt) return 'ACCEPTED';
  if (invitation.revokedAt) return 'REVOKED';
  return invitation.expiresAt.getTime() <= now.getTime() ? 'EXPIRED' : 'PENDING';
}

export function invitationView(invitation: Pick<Invitation, keyof typeof invitationViewSelect>): InvitationView {
  return { ...invitation, state: invitationState(invitation) };
}
