// Create a team. A signed-in user becomes its OWNER; the admin CLI (system principal)
// creates it without members and adds them with add-member. Programs (tokens) and share
// links cannot create teams.
import { z } from 'zod';
import type { Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import type { Team } from '../db/generated/client.ts';
import { alreadyExists, forbidden, isUniqueViolation, unauthenticated } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { teamNameSchema, teamSlugSchema } from './team-input.ts';
import { slugFromName, withSuffix } from './team-slug.ts';
import { announcePrincipalChange, forgetPrincipals } from '../authz/principal-changes.ts';

const inputSchema = z.object({ name: teamNameSchema, slug: teamSlugSchema.optional() });

/** Attempts at a free derived slug before giving up (each suffix has 20 random bits). */
const SLUG_ATTEMPTS = 5;

export async function createTeam(principal: Principal, rawInput: { name: string; slug?: string }): Promise<Team> {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (principal.kind !== 'user' && principal.kind !== 'system') throw forbidden('Teams are created from a signed-in session');
  const input = parseInput(inputSchema, rawInput);

  if (input.slug !== undefined) {
    const team = await insertTeam(principal, input.name, input.slug);
    if (!team) throw alreadyExists(`The team slug '${input.slug}' is taken`);
    return team;
  }
  const base = slugFromName(input.name);
  let candidate = (await db.team.findUnique({ where: { slug: base }, select: { id: true } })) ? withSuffix(base) : base;
  for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
    const team = await insertTeam(principal, input.name, candidate);
    if (team) return team;
    candidate = withSuffix(base);
  }
  throw alreadyExists('Could not find a free slug for this team name: choose a slug');
}

/** The new team, or null when the slug is taken (the transaction is rolled back). */
async function insertTeam(principal: Principal, name: string, slug: string): Promise<Team | null> {
  try {
    const created = await db.$transaction(async (tx) => {
      const team = await tx.team.create({ data: { name, slug } });
      if (principal.kind === 'user') {
        await tx.membership.create({ data: { teamId: team.id, userId: principal.userId, role: 'OWNER' } });
        await announcePrincipalChange(tx, [principal.userId]); // the new team shows at once, on every instance
      }
      await recordAuditEvent(tx, { principal, teamId: team.id, action: 'team.create', targetType: 'Team', targetId: team.id, metadata: { name, slug } });
      return team;
    });
    if (principal.kind === 'user') await forgetPrincipals([principal.userId]);
    return created;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}
