// Live (not deleted) comments per target, for many targets in one query (the runs table's
// comment column). No authorization: callers pass targets the principal may read comments of.
import { db } from '../db/client.ts';
import type { CommentTargetType } from './comment-target.ts';

export async function countComments(
  targetType: CommentTargetType,
  targets: readonly { teamId: string; id: string }[],
): Promise<Map<string, number>> {
  if (targets.length === 0) return new Map();
  const rows = await db.comment.groupBy({
    by: ['targetId'],
    // The team first: the comments index leads with it.
    where: { teamId: { in: [...new Set(targets.map((t) => t.teamId))] }, targetType, targetId: { in: targets.map((t) => t.id) }, deletedAt: null },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.targetId, row._count._all]));
}
