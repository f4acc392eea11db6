// Which team a REST call acts in, for calls that name no team-owned row (create an
// experiment, search, experiment "0"). A token acts in its own team. A signed-in user
// names the team with the `X-Cairn-Team: <slug>` header, or needs none when they belong
// to exactly one team.
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { badInput, notFound, unauthenticated } from '../errors.ts';

export const TEAM_HEADER = 'x-cairn-team';

export async function resolveTeamId(principal: Principal, request: Request): Promise<string> {
  switch (principal.kind) {
    case 'token':
    case 'share':
      return principal.teamId;
    case 'user': {
      const slug = request.headers.get(TEAM_HEADER)?.trim();
      if (slug) {
        const team = await db.team.findUnique({ where: { slug }, select: { id: true } });
        if (!team || !principal.memberships.has(team.id)) throw notFound('Team', slug);
        return team.id;
      }
      const teams = [...principal.memberships.keys()];
      if (teams.length === 1) return teams[0];
      if (teams.length === 0) throw notFound('Team');
      throw badInput(`You belong to several teams: name one with the X-Cairn-Team header (its slug)`);
    }
    case 'anonymous':
      throw unauthenticated();
    default:
      throw new Error(`resolveTeamId is not defined for ${principal.kind} principals`);
  }
}
