// Share links as team settings list them: what they show, who made them, when, how often they
// were opened, and whether they still work. The secret is never part of it.
import type { Prisma } from '../db/generated/client.ts';
import type { ShareTargetRef } from '../authz/index.ts';
import { targetPath, versionLabel, type TargetPlace } from '../comments/comment-target.ts';
import { db } from '../db/client.ts';

export type ShareLinkState = 'ACTIVE' | 'REVOKED' | 'EXPIRED';

export type ShareLinkView = {
  id: string;
  teamId: string;
  /** RUN, COMPARISON or MODEL_VERSION (the API's names). */
  targetType: ShareTargetRef['type'];
  targetId: string;
  /** The run's or comparison's name, or the version's ("churn v3"); null when it is gone. */
  targetLabel: string | null;
  /** The target's page in the team; null when it is gone. */
  targetPath: string | null;
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

export const shareLinkInclude = {
  createdBy: { select: { id: true, email: true, name: true } },
  team: { select: { slug: true } },
} satisfies Prisma.ShareLinkInclude;
type ShareLinkRow = Prisma.ShareLinkGetPayload<{ include: typeof shareLinkInclude }>;

// The table names a comparison link RUN_COMPARISON; the API calls it COMPARISON.
export const apiTargetType = (stored: string) => (stored === 'RUN_COMPARISON' ? 'COMPARISON' : stored) as ShareLinkView['targetType'];
export const storedTargetType = (api: ShareTargetRef['type']) => (api === 'COMPARISON' ? 'RUN_COMPARISON' : api);

export function shareLinkState(row: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): ShareLinkState {
  if (row.revokedAt) return 'REVOKED';
  if (row.expiresAt && row.expiresAt <= now) return 'EXPIRED';
  return 'ACTIVE';
}

/** Views for rows of one page, with their targets' names (and places) in one query per kind. */
export async function toShareLinkViews(rows: readonly ShareLinkRow[]): Promise<ShareLinkView[]> {
  const ids = (type: string) => rows.filter((row) => row.targetType === type).map((row) => row.targetId);
  const [runs, comparisons, versions] = await Promise.all([
    db.run.findMany({ where: { id: { in: ids('RUN') } }, select: { id: true, name: true, teamId: true } }),
    db.comparison.findMany({ where: { id: { in: ids('RUN_COMPARISON') } }, select: { id: true, name: true, teamId: true } }),
    db.modelVersion.findMany({
      where: { id: { in: ids('MODEL_VERSION') }, deletedAt: null },
      select: { id: true, version: true, modelId: true, model: { select: { name: true, teamId: true } } },
    }),
  ]);
  const targets = new Map<string, { label: string; place?: TargetPlace }>([
    ...runs.map((r) => [`RUN:${r.id}:${r.teamId}`, { label: r.name }] as const),
    ...comparisons.map((c) => [`RUN_COMPARISON:${c.id}:${c.teamId}`, { label: c.name }] as const),
    ...versions.map(
      (v) =>
        [`MODEL_VERSION:${v.id}:${v.model.teamId}`, { label: versionLabel({ modelName: v.model.name, version: v.version }), place: { modelId: v.modelId, version: v.version } }] as const,
    ),
  ]);
  return rows.map((row) => {
    const target = targets.get(`${row.targetType}:${row.targetId}:${row.teamId}`);
    const targetType = apiTargetType(row.targetType);
    return {
      id: row.id,
      teamId: row.teamId,
      targetType,
      targetId: row.targetId,
      targetLabel: target?.label ?? null,
      targetPath: target ? targetPath(row.team.slug, targetType, row.targetId, target.place) : null,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      includeComments: row.includeComments,
      allowArtifacts: row.allowArtifacts,
      openCount: row.openCount,
      lastOpenedAt: row.lastAccessedAt,
      state: shareLinkState(row),
    };
  });
}
