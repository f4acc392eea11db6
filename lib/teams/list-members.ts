// Everyone in a team with their role; any member may see who else is in it.
import { z } from 'zod';
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { parseInput } from '../validation/parse-input.ts';
import { authorizeTeam } from './authorize-team.ts';
import { memberSelect, type MemberView } from './team-members.ts';
import { teamIdSchema } from './team-input.ts';

const inputSchema = z.object({ teamId: teamIdSchema });

export async function listMembers(principal: Principal, rawInput: { teamId: string }): Promise<MemberView[]> {
  const input = parseInput(inputSchema, rawInput);
  await authorizeTeam(principal, 'team:read', input.teamId);
  // Enum order is OWNER, ADMIN, MEMBER, VIEWER: the most powerful first.
  return db.membership.findMany({
    where: { teamId: input.teamId },
    select: memberSelect,
    orderBy: [{ role: 'asc' }, { user: { email: 'asc' } }],
  });
}
