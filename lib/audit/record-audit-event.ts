// Append-only audit trail: who did what, in which team, from where. Written inside the
// caller's transaction so an event exists exactly when the change it describes was committed.
// Action names and what they mean: lib/audit/actions.ts. Nothing edits or deletes events.
import { actorUserId, clientAddressOf, type Principal } from '../authz/index.ts';
import { db, type PrismaClient } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { SqlClient } from '../db/sql.ts';

export type AuditEventInput = {
  principal: Principal;
  teamId?: string | null;
  /** Dotted verb, e.g. 'team.create', 'member.add', 'token.revoke' (see actions.ts). */
  action: string;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
  /** Client address; by default the one the principal's request came from. */
  ip?: string | null;
  /**
   * Who acted, when no principal says it (sign-in attempts, where the person is not signed in
   * yet): overrides the principal's user and email.
   */
  actor?: { userId: string | null; email: string | null };
};

export async function recordAuditEvent(
  client: Prisma.TransactionClient | PrismaClient | typeof db,
  input: AuditEventInput,
): Promise<void> {
  await client.auditEvent.create({ data: eventRow(input) });
}

/** The same, inside a raw-SQL transaction (lib/db/sql.ts withTransaction). */
export async function recordAuditEventSql(client: SqlClient, input: AuditEventInput): Promise<void> {
  const row = eventRow(input);
  await client.query(
    `INSERT INTO audit_events (team_id, actor_id, actor_email, token_id, action, target_type, target_id, metadata, ip, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() AT TIME ZONE 'UTC')`,
    [row.teamId, row.actorId, row.actorEmail, row.tokenId, row.action, row.targetType, row.targetId, JSON.stringify(row.metadata), row.ip],
  );
}

function eventRow(input: AuditEventInput) {
  const { principal } = input;
  return {
    teamId: input.teamId ?? null,
    actorId: input.actor ? input.actor.userId : actorUserId(principal),
    actorEmail: input.actor ? input.actor.email : actorEmailOf(principal),
    tokenId: principal.kind === 'token' ? principal.tokenId : null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    // JSON round trip: drops undefined and turns Dates/BigInts-free values into plain JSON.
    metadata: toJson({ ...(principal.kind === 'system' ? { via: 'admin-cli' } : {}), ...input.metadata }),
    ip: input.ip !== undefined ? input.ip : clientAddressOf(principal),
  };
}

function actorEmailOf(principal: Principal): string | null {
  return principal.kind === 'user' || principal.kind === 'token' ? principal.email : null;
}

function toJson(value: Record<string, unknown>): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}
