// Rename a team (and optionally change its slug): admins and owners.
import { z } from 'zod';
import type { Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import type { Team } from '../db/generated/client.ts';
import { alreadyExists, badInput, isUniqueViolation } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { authorizeTeam } from './authorize-team.ts';
import { teamIdSchema, teamNameSchema, teamSlugSchema } from './team-input.ts';

const inputSchema = z.object({ teamId: teamIdSchema, name: teamNameSchema.optional(), slug: teamSlugSchema.optional() });

export async function updateTeam(principal: Principal, rawInput: { teamId: string; name?: string; slug?: string }): Promise<Team> {
  const input = parseInput(inputSchema, rawInput);
  const { team } = await authorizeTeam(principal, 'team:update', input.teamId);
  if (input.name === undefined && input.slug === undefined) throw badInput('Give a new name or slug');
  const changes = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.slug !== undefined ? { slug: input.slug } : {}) };
  try {
    return await db.$transaction(async (tx) => {
      const updated = await tx.team.update({ where: { id: team.id }, data: changes });
      await recordAuditEvent(tx, {
        principal,
        teamId: team.id,
        action: 'team.update',
        targetType: 'Team',
        targetId: team.id,
        metadata: { before: { name: team.name, slug: team.slug }, after: changes },
      });
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyExists(`The team slug '${input.slug}' is taken`);
    throw error;
  }
}
