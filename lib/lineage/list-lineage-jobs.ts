// The jobs a team's data tools reported (OpenLineage), most recently active first.
import { authorizeRow, type Principal } from '../authz/index.ts';
import { query } from '../db/sql.ts';

export async function listLineageJobIds(principal: Principal, input: { teamId: string; first: number }): Promise<string[]> {
  authorizeRow(principal, 'team:read', input.teamId, 'Lineage', input.teamId);
  const rows = await query<{ id: string }>('SELECT id FROM lineage_jobs WHERE team_id = $1 ORDER BY last_event_time DESC NULLS LAST, name LIMIT $2', [input.teamId, input.first]);
  return rows.map((r) => r.id);
}
