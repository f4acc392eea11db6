// Share links as team settings list them: what they show, who made them, when, how often they
// were opened, and whether they still work. The secret is never part of it.
import type { Prisma } from '../db/generated/client.ts';
import { db } from '../db/client.ts';

export type ShareLinkState = 'ACTIVE' | 'REVOKED' | 'EXPIRED';

export type ShareLinkView = {
  id: string;
  teamId: string;
  /** RUN or COMPARISON (the API's names). */
  targetType: 'RUN' | 'COMPARISON';
  targetId: string;
  /** The run's or comparison's name; null when it is gone. */
  targetLabel: string | null;
  createdBy: { id: string; email: string; name: string | null } | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  includeComments: boolean;
  allowArtifacts: boolean;
  openCount: number;
  lastOpenedAt: Date | null;
  state: ShareLinkState;
};

export const shareLinkInclude = { createdBy: { select: { id: true, email: true, name: true } } } satisfies Prisma.ShareLinkInclude;
type ShareLinkRow = Prisma.ShareLinkGetPayload<{ include: typeof shareLinkInclude }>;

export const apiTargetType = (stored: string) => (stored === 'RUN_COMPARISON' ? 'COMPARISON' : 'RUN') as ShareLinkView['targetType'];
export const storedTargetType = (api: 'RUN' | 'COMPARISON') => (api === 'COMPARISON' ? 'RUN_COMPARISON' : 'RUN');

export function shareLinkState(row: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): ShareLinkState {
  if (row.revokedAt) return 'REVOKED';
  if (row.expiresAt && row.expiresAt <= now) return 'EXPIRED';
  return 'ACTIVE';
}

/** Views for rows of one page, with their targets' names in one query per kind. */
export async function toShareLinkViews(rows: readonly ShareLinkRow[]): Promise<ShareLinkView[]> {
  const ids = (type: string) => rows.filter((row) => row.targetType === type).map((row) => row.targetId);
  const [runs, comparisons] = await Promise.all([
    db.run.findMany({ where: { id: { in: ids('RUN') } }, select: { id: true, name: true, teamId: true } }),
    db.comparison.findMany({ where: { id: { in: ids('RUN_COMPARISON') } }, select: { id: true, name: true, teamId: true } }),
  ]);
  const labels = new Map<string, string>([...runs.map((r) => [`RUN:${r.id}:${r.teamId}`, r.name] as const), ...comparisons.map((c) => [`RUN_COMPARISON:${c.id}:${c.teamId}`, c.name] as const)]);
  return rows.map((row) => ({
    id: row.id,
    teamId: row.teamId,
    targetType: apiTargetType(row.targetType),
    targetId: row.targetId,
    targetLabel: labels.get(`${row.targetType}:${row.targetId}:${row.teamId}`) ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    includeComments: row.includeComments,
    allowArtifacts: row.allowArtifacts,
    openCount: row.openCount,
    lastOpenedAt: row.lastAccessedAt,
    state: shareLinkState(row),
  }));
}
