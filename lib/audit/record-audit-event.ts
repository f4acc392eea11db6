// Append-only audit trail: who did what, in which team. Written inside the caller's
// transaction so an event exists exactly when the change it describes was committed.
import { actorUserId, type Principal } from '../authz/index.ts';
import { db, type PrismaClient } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';

export type AuditEventInput = {
  principal: Principal;
  teamId?: string | null;
  /** Dotted verb, e.g. 'team.create', 'member.add', 'token.revoke'. */
  action: string;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
  /** Client address when the caller knows it (route handlers). */
  ip?: string | null;
};

export async function recordAuditEvent(
  client: Prisma.TransactionClient | PrismaClient | typeof db,
  input: AuditEventInput,
): Promise<void> {
  const { principal } = input;
  await client.auditEvent.create({
    data: {
      teamId: input.teamId ?? null,
      actorId: actorUserId(principal),
      tokenId: principal.kind === 'token' ? principal.tokenId : null,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      // JSON round trip: drops undefined and turns Dates/BigInts-free values into plain JSON.
      metadata: toJson({ ...(principal.kind === 'system' ? { via: 'admin-cli' } : {}), ...input.metadata }),
      ip: input.ip ?? null,
    },
  });
}

function toJson(value: Record<string, unknown>): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}
