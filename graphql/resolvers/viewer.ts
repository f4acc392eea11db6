// The caller: who they are and the teams they act in.
import { effectiveRole } from '../../lib/authz/index.ts';
import { unauthenticated } from '../../lib/errors.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import type { GraphQLContext } from '../context.ts';
import type { TeamMembershipModel, ViewerModel } from '../mappers.ts';
import { requirePerson } from './shared.ts';

async function viewer(_root: unknown, _args: unknown, context: GraphQLContext): Promise<ViewerModel> {
  const person = requirePerson(context.principal);
  const user = await context.loaders.userById.load(person.userId);
  if (!user) throw unauthenticated(); // the account went away after the session was issued
  return user;
}

export const viewerResolvers: Resolvers = {
  Query: { viewer, me: viewer },
  Viewer: {
    teams: async (_viewer, _args, context) => {
      const { principal, loaders } = context;
      const teamIds =
        principal.kind === 'user' ? [...principal.memberships.keys()] : principal.kind === 'token' ? [principal.teamId] : [];
      const teams = await loaders.teamById.loadMany(teamIds);
      const memberships: TeamMembershipModel[] = [];
      for (const team of teams) {
        if (!team || team instanceof Error) continue;
        const role = effectiveRole(principal, team.id);
        if (role) memberships.push({ role, team });
      }
      return memberships.sort((a, b) => a.team.name.localeCompare(b.team.name));
    },
  },
};
