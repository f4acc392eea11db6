// One team by slug or id, with the caller's role. Not a member: NOT_FOUND.
import { z } from 'zod';
import { authorizeRow, type Principal } from '../authz/index.ts';
import { db, type TeamRole } from '../db/client.ts';
import type { Team } from '../db/generated/client.ts';
import { parseInput } from '../validation/parse-input.ts';
import { idSchema } from './team-input.ts';

export type GetTeamInput = { slug: string } | { id: string } | { teamId: string };

const inputSchema = z.union([
  z.object({ slug: z.string().trim().toLowerCase().min(1, 'slug is required').max(100) }),
  z.object({ id: idSchema('id') }),
  z.object({ teamId: idSchema('teamId') }).transform(({ teamId }) => ({ id: teamId })),
]);

export async function getTeam(principal: Principal, rawInput: GetTeamInput): Promise<{ team: Team; role: TeamRole }> {
  const input = parseInput(inputSchema, rawInput);
  const team = 'slug' in input ? await db.team.findUnique({ where: { slug: input.slug } }) : await db.team.findUnique({ where: { id: input.id } });
  const role = authorizeRow(principal, 'team:read', team?.id, 'Team', 'slug' in input ? input.slug : input.id);
  return { team: team!, role };
}
