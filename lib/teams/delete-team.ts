// Delete a team and everything it holds (the schema cascades from teams). Owners only.
// The audit event is team-less on purpose: the team's own events go with it.
import { z } from 'zod';
import type { Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { parseInput } from '../validation/parse-input.ts';
import { authorizeTeam } from './authorize-team.ts';
import { teamIdSchema } from './team-input.ts';

const inputSchema = z.object({ teamId: teamIdSchema });

export async function deleteTeam(principal: Principal, rawInput: { teamId: string }): Promise<void> {
  const input = parseInput(inputSchema, rawInput);
  const { team } = await authorizeTeam(principal, 'team:delete', input.teamId);
  await db.$transaction(async (tx) => {
    await tx.team.delete({ where: { id: team.id } });
    await recordAuditEvent(tx, { principal, teamId: null, action: 'team.delete', targetType: 'Team', targetId: team.id, metadata: { name: team.name, slug: team.slug } });
  });
}
