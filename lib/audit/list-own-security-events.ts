// A person's own recent security events (sign-ins, failed sign-ins, sign-outs, password
// changes), for their account page: "was that me?".
import { z } from 'zod';
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { forbidden, unauthenticated } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { AUDIT_ACTIONS, PERSONAL_ACTIONS } from './actions.ts';
import type { AuditEventView } from './list-audit-events.ts';

const inputSchema = z.object({ first: z.number().int().min(1).max(100).default(20) });

export async function listOwnSecurityEvents(principal: Principal, rawInput: { first?: number | null } = {}): Promise<AuditEventView[]> {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (principal.kind !== 'user') throw forbidden('Only a signed-in person can read their account activity');
  const { first } = parseInput(inputSchema, { first: rawInput.first ?? undefined });
  const rows = await db.auditEvent.findMany({
    where: {
      action: { in: [...PERSONAL_ACTIONS] },
      OR: [{ actorId: principal.userId }, { targetType: 'User', targetId: principal.userId }],
    },
    orderBy: { id: 'desc' },
    take: first,
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    teamId: row.teamId,
    action: row.action,
    description: (AUDIT_ACTIONS as Record<string, string>)[row.action] ?? null,
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    actorName: null,
    token: null,
    targetType: row.targetType,
    targetId: row.targetId,
    targetLabel: null,
    metadata: row.metadata,
    clientAddress: row.ip,
    createdAt: row.createdAt,
  }));
}
