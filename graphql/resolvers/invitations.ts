// Invitations by link: thin calls into lib/teams.
import { acceptInvitation } from '../../lib/teams/accept-invitation.ts';
import { createInvitation } from '../../lib/teams/create-invitation.ts';
import { listInvitations } from '../../lib/teams/list-invitations.ts';
import { previewInvitation } from '../../lib/teams/preview-invitation.ts';
import { revokeInvitation } from '../../lib/teams/revoke-invitation.ts';
import type { InvitationState, Resolvers } from '../generated/resolvers-types.ts';
import type { InvitationModel } from '../mappers.ts';
import { loadUser } from './shared.ts';

/** Where an invitation stands now; expiry is a matter of time, not of a stored flag. */
export function invitationState(invitation: InvitationModel, now = new Date()): InvitationState {
  if (invitation.state) return invitation.state;
  if (invitation.acceptedAt) return 'ACCEPTED';
  if (invitation.revokedAt) return 'REVOKED';
  if (invitation.expiresAt <= now) return 'EXPIRED';
  return 'PENDING';
}

export const invitationResolvers: Resolvers = {
  Query: {
    invitationPreview: (_root, { token }, { principal }) => previewInvitation(principal, { token }),
  },
  Team: {
    invitations: (team, _args, { principal }) => listInvitations(principal, { teamId: team.id }),
  },
  Invitation: {
    state: (invitation) => invitationState(invitation),
    invitedBy: (invitation, _args, context) => loadUser(context, invitation.invitedById),
  },
  Mutation: {
    createInvitation: async (_root, { input }, { principal }) => {
      const created = await createInvitation(principal, {
        teamId: input.teamId,
        role: input.role,
        ...(input.email != null ? { email: input.email } : {}),
        ...(input.expiresInDays != null ? { expiresInDays: input.expiresInDays } : {}),
      });
      return { invitation: created.invitation, url: created.url };
    },
    revokeInvitation: async (_root, { id }, { principal }) => {
      await revokeInvitation(principal, { invitationId: id });
      return true;
    },
    acceptInvitation: async (_root, { token }, { principal }) => {
      const accepted = await acceptInvitation(principal, { token });
      return { teamId: accepted.team.id, teamSlug: accepted.team.slug, teamName: accepted.team.name, role: accepted.role };
    },
  },
};
