// Teams: thin calls into lib/teams.
import { effectiveRole } from '../../lib/authz/index.ts';
import { badInput, notFound } from '../../lib/errors.ts';
import { createTeam } from '../../lib/teams/create-team.ts';
import { deleteTeam } from '../../lib/teams/delete-team.ts';
import { getTeam } from '../../lib/teams/get-team.ts';
import { listTeams } from '../../lib/teams/list-teams.ts';
import { updateTeam } from '../../lib/teams/update-team.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const teamResolvers: Resolvers = {
  Query: {
    team: async (_root, { slug, id }, { principal }) => {
      if ((slug == null) === (id == null)) throw badInput('Give exactly one of slug or id');
      const { team } = await getTeam(principal, slug != null ? { slug } : { teamId: id! });
      return team;
    },
    teams: async (_root, _args, { principal }) => {
      const teams = await listTeams(principal, {});
      return teams.map((entry) => ('team' in entry ? entry.team : entry));
    },
  },
  Team: {
    viewerRole: (team, _args, { principal }) => {
      const role = effectiveRole(principal, team.id);
      if (!role) throw notFound('Team', team.id);
      return role;
    },
  },
  Mutation: {
    createTeam: (_root, { input }, { principal }) =>
      createTeam(principal, { name: input.name, ...(input.slug != null ? { slug: input.slug } : {}) }),
    updateTeam: (_root, { input }, { principal }) =>
      updateTeam(principal, {
        teamId: input.teamId,
        ...(input.name != null ? { name: input.name } : {}),
        ...(input.slug != null ? { slug: input.slug } : {}),
      }),
    deleteTeam: async (_root, { teamId }, { principal }) => {
      await deleteTeam(principal, { teamId });
      return true;
    },
  },
};
