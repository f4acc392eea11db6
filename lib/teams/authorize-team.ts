// Load a team by id and authorize an action on it in one step. A missing team and a team
// the principal does not belong to are both NOT_FOUND (the system principal passes
// authorization, so the existence check matters for the admin CLI).
import { authorizeRow, type Action, type Principal } from '../authz/index.ts';
import { db, type TeamRole } from '../db/client.ts';
import type { Team } from '../db/generated/client.ts';

export async function authorizeTeam(principal: Principal, action: Action, teamId: string): Promise<{ team: Team; role: TeamRole }> {
  const team = await db.team.findUnique({ where: { id: teamId } });
  const role = authorizeRow(principal, action, team?.id, 'Team', teamId);
  return { team: team!, role };
}
