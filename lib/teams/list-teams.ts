// The teams the principal belongs to, with its role in each, by name.
import { effectiveRole, readableTeamIds, type Principal } from '../authz/index.ts';
import { db, type TeamRole } from '../db/client.ts';
import type { Team } from '../db/generated/client.ts';
import { unauthenticated } from '../errors.ts';

export async function listTeams(principal: Principal, _input: Record<string, never> = {}): Promise<{ team: Team; role: TeamRole }[]> {
  if (principal.kind === 'anonymous') throw unauthenticated();
  const teams = await db.team.findMany({ where: { id: { in: readableTeamIds(principal) } }, orderBy: [{ name: 'asc' }, { slug: 'asc' }] });
  return teams.map((team) => ({ team, role: effectiveRole(principal, team.id)! }));
}
