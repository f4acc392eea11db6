// Memberships and roles: thin calls into lib/teams.
import { addMember } from '../../lib/teams/add-member.ts';
import { changeMemberRole } from '../../lib/teams/change-member-role.ts';
import { listMembers } from '../../lib/teams/list-members.ts';
import { removeMember } from '../../lib/teams/remove-member.ts';
import { notFound } from '../../lib/errors.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const memberResolvers: Resolvers = {
  Team: {
    members: (team, _args, { principal }) => listMembers(principal, { teamId: team.id }),
  },
  Member: {
    user: async (member, _args, context) => {
      const user = member.user ?? (await context.loaders.userById.load(member.userId));
      if (!user) throw notFound('User', member.userId);
      return user;
    },
    joinedAt: (member) => member.createdAt,
  },
  Mutation: {
    addMember: (_root, { input }, { principal }) => addMember(principal, input),
    changeMemberRole: (_root, { input }, { principal }) => changeMemberRole(principal, input),
    removeMember: async (_root, { input }, { principal }) => {
      await removeMember(principal, input);
      return true;
    },
  },
};
