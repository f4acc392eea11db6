// What a comment thread hangs on, loaded and authorized in one place: a run, a saved
// comparison or a model version (a case below and a value in CommentTargetType, nothing else).
import type { Action, Principal } from '../authz/index.ts';
import { badInput } from '../errors.ts';
import { comparisonPath, loadComparisonFor } from '../comparisons/comparison-view.ts';
import { loadVersionFor } from '../registry/load-registry-rows.ts';
import { loadRunFor } from '../tracking/runs/load-run-for.ts';

export const COMMENT_TARGET_TYPES = ['RUN', 'COMPARISON', 'MODEL_VERSION'] as const;
export type CommentTargetType = (typeof COMMENT_TARGET_TYPES)[number];

export type CommentTarget = {
  type: CommentTargetType;
  id: string;
  teamId: string;
  /** Who created the thing (told about new comments on it). */
  ownerId: string | null;
  /** What people call it (run name, comparison name, "churn v3"). */
  label: string;
};

export function parseTargetType(value: string): CommentTargetType {
  if ((COMMENT_TARGET_TYPES as readonly string[]).includes(value)) return value as CommentTargetType;
  throw badInput(`Comments can be made on ${COMMENT_TARGET_TYPES.join(', ')}, not '${value}'`, { field: 'targetType' });
}

/** What people call a model version: its model's name and number. */
export const versionLabel = (version: { modelName: string; version: number }) => `${version.modelName} v${version.version}`;

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
    case 'MODEL_VERSION': {
      // Deleted versions are gone for their threads too (their comments stay in the database).
      const version = await loadVersionFor(principal, { versionId: id }, action);
      return { type, id: version.id, teamId: version.teamId, ownerId: version.createdById, label: versionLabel(version) };
    }
  }
}

/** Where a thread's target is, beyond its id: a version's page is named by its model and number. */
export type TargetPlace = { modelId: string; version: number };

/** The page of a target, for links in the inbox and in emails. */
export function targetPath(teamSlug: string, type: string, id: string, place?: TargetPlace): string {
  if (type === 'COMPARISON') return comparisonPath(teamSlug, id);
  if (type === 'MODEL_VERSION') return place ? `/t/${teamSlug}/models/${place.modelId}/versions/${place.version}` : `/t/${teamSlug}/models`;
  return `/t/${teamSlug}/runs/${id}`;
}
