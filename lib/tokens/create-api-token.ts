// Create an API token for oneself in one team. The plaintext is returned once and never
// stored. A token never exceeds its user's role: write scope needs a writer role, and
// verifyApiToken re-reads the role on every use.
import { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { authorize, tokenScopeAllowed, type Principal } from '../authz/index.ts';
import { db, type TeamRole } from '../db/client.ts';
import { badInput, forbidden, notFound } from '../errors.ts';
import { apiTokenViewSelect, type ApiTokenView } from './api-token-view.ts';
import { parseInput } from '../validation/parse-input.ts';
import { tokenScopeSchema } from './token-input.ts';
import { generateToken } from './token-secret.ts';

const MAX_EXPIRY_DAYS = 3650;

const inputSchema = z
  .object({
    teamId: z.string().min(1, 'teamId is required'),
    name: z.string().trim().min(1, 'Token name is required').max(100, 'Token name must be at most 100 characters'),
    scope: tokenScopeSchema,
    expiresInDays: z.number().int().min(1).max(MAX_EXPIRY_DAYS).optional(),
    expiresAt: z.coerce.date().optional(),
  })
  .refine((input) => !(input.expiresInDays !== undefined && input.expiresAt !== undefined), {
    message: 'Give expiresInDays or expiresAt, not both',
  });

export type CreateApiTokenInput = {
  teamId: string;
  name: string;
  scope: 'READ' | 'WRITE' | 'read' | 'write';
  expiresInDays?: number;
  expiresAt?: Date | string;
};

/**
 * `principal` is the token's owner: a signed-in user, or the admin CLI's system principal
 * with `actorUserId` set to the user the token is for.
 */
export async function createApiToken(
  principal: Principal,
  rawInput: CreateApiTokenInput,
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const input = parseInput(inputSchema, rawInput);
  authorize(principal, 'token:create', input.teamId);
  const { userId, role } = await tokenOwner(principal, input.teamId);
  if (!tokenScopeAllowed(role, input.scope)) {
    throw forbidden(`A ${role.toLowerCase()} can only create read tokens`);
  }
  const expiresAt = expiryDate(input.expiresInDays, input.expiresAt);
  const { token, tokenHash, prefix } = generateToken();
  const apiToken = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { teamId: input.teamId, userId, name: input.name, scope: input.scope, tokenHash, prefix, expiresAt },
      select: apiTokenViewSelect,
    });
    await recordAuditEvent(tx, {
      principal,
      teamId: input.teamId,
      action: 'token.create',
      targetType: 'ApiToken',
      targetId: created.id,
      metadata: { name: created.name, scope: created.scope, userId, expiresAt: created.expiresAt },
    });
    return created;
  });
  return { token, apiToken };
}

async function tokenOwner(principal: Principal, teamId: string): Promise<{ userId: string; role: TeamRole }> {
  if (principal.kind === 'user') return { userId: principal.userId, role: principal.memberships.get(teamId)! };
  if (principal.kind === 'system') {
    if (!principal.actorUserId) throw badInput('The admin CLI must name the user the token is for');
    const membership = await db.membership.findUnique({
      where: { teamId_userId: { teamId, userId: principal.actorUserId } },
      select: { role: true },
    });
    if (!membership) throw badInput('That user is not a member of the team');
    return { userId: principal.actorUserId, role: membership.role };
  }
  // authorize() already refused every other kind; keep the type checker and readers sure of it.
  throw notFound('Team');
}

function expiryDate(expiresInDays: number | undefined, expiresAt: Date | undefined): Date | null {
  if (expiresInDays !== undefined) return new Date(Date.now() + expiresInDays * 86_400_000);
  if (expiresAt === undefined) return null;
  if (Number.isNaN(expiresAt.getTime())) throw badInput('expiresAt is not a valid date');
  if (expiresAt.getTime() <= Date.now()) throw badInput('expiresAt must be in the future');
  if (expiresAt.getTime() > Date.now() + MAX_EXPIRY_DAYS * 86_400_000) throw badInput(`A token expires within ${MAX_EXPIRY_DAYS} days`);
  return expiresAt;
}
