// What a comment thread hangs on, loaded and authorized in one place: a run or a saved
// comparison today; a model version joins here when the registry lands (a case below and a
// value in CommentTargetType, nothing else).
import type { Action, Principal } from '../authz/index.ts';
import { badInput } from '../errors.ts';
import { comparisonPath, loadComparisonFor } from '../comparisons/comparison-view.ts';
import { loadRunFor } from '../tracking/runs/load-run-for.ts';

export const COMMENT_TARGET_TYPES = ['RUN', 'COMPARISON'] as const;
export type CommentTargetType = (typeof COMMENT_TARGET_TYPES)[number];

export type CommentTarget = {
  type: CommentTargetType;
  id: string;
  teamId: string;
  /** Who created the thing (told about new comments on it). */
  ownerId: string | null;
  /** What people call it (run name, comparison name). */
  label: string;
};

export function parseTargetType(value: string): CommentTargetType {
  if ((COMMENT_TARGET_TYPES as readonly string[]).includes(value)) return value as CommentTargetType;
  throw badInput(`Comments can be made on ${COMMENT_TARGET_TYPES.join(' and ')}, not '${value}'`, { field: 'targetType' });
}

/** The target, if the principal may do `action` on its thread (comment:read, comment:write); NOT_FOUND otherwise. */
export async function loadCommentTarget(principal: Principal, type: CommentTargetType, id: string, action: Action): Promise<CommentTarget> {
  switch (type) {
    case 'RUN': {
      const run = await loadRunFor(principal, id, action);
      return { type, id: run.id, teamId: run.teamId, ownerId: run.authorId, label: run.name };
    }
    case 'COMPARISON': {
      const comparison = await loadComparisonFor(principal, id, action);
      return { type, id: comparison.id, teamId: comparison.teamId, ownerId: comparison.createdById, label: comparison.name };
    }
  }
}

/** The page of a target, for links in the inbox and in emails. */
export function targetPath(teamSlug: string, type: string, id: string): string {
  if (type === 'COMPARISON') return comparisonPath(teamSlug, id);
  return `/t/${teamSlug}/runs/${id}`;
}
