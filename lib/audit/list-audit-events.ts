// A team's audit trail for its admins, newest first, paged by an opaque cursor (the last
// event's id). Admins and owners only; tokens never read it.
import { z } from 'zod';
import { authorizeRow, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { badInput } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';

const MAX_PAGE = 200;

const inputSchema = z.object({
  teamId: z.string({ message: 'teamId is required' }).trim().min(1, 'teamId is required').max(100),
  first: z.number().int().min(1).max(MAX_PAGE, `first must be at most ${MAX_PAGE}`).default(50),
  after: z.string().max(100).nullish(),
});

export type AuditEventView = {
  id: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  metadata: unknown;
  createdAt: Date;
  actor: { id: string; email: string; name: string | null } | null;
  tokenId: string | null;
};

export async function listAuditEvents(
  principal: Principal,
  rawInput: { teamId: string; first?: number; after?: string | null },
): Promise<{ events: AuditEventView[]; nextCursor: string | null }> {
  const input = parseInput(inputSchema, rawInput);
  const team = await db.team.findUnique({ where: { id: input.teamId }, select: { id: true } });
  // Reading who did what is part of managing the team's people.
  authorizeRow(principal, 'member:manage', team?.id, 'Team', input.teamId);
  const before = input.after ? decodeCursor(input.after) : undefined;
  const rows = await db.auditEvent.findMany({
    where: { teamId: input.teamId, ...(before !== undefined ? { id: { lt: before } } : {}) },
    orderBy: { id: 'desc' },
    take: input.first + 1,
    select: {
      id: true,
      action: true,
      targetType: true,
      targetId: true,
      metadata: true,
      createdAt: true,
      tokenId: true,
      actor: { select: { id: true, email: true, name: true } },
    },
  });
  const page = rows.slice(0, input.first);
  return {
    events: page.map((row) => ({ ...row, id: row.id.toString() })),
    nextCursor: rows.length > input.first ? encodeCursor(page[page.length - 1]!.id) : null,
  };
}

const encodeCursor = (id: bigint) => Buffer.from(`audit:${id}`).toString('base64url');

function decodeCursor(cursor: string): bigint {
  const match = /^audit:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badInput('Invalid cursor');
  return BigInt(match[1]!);
}
