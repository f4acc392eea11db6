// A target's comment threads, for whoever may read them (team members; a share link only when
// its creator included comments).
import { z } from 'zod';
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { parseInput } from '../validation/parse-input.ts';
import { loadCommentTarget, parseTargetType } from './comment-target.ts';
import { commentInclude, toCommentView, toThreads, type CommentThread } from './comment-view.ts';

const input = z.object({
  targetType: z.string().transform(parseTargetType),
  targetId: z.string().trim().min(1, 'targetId is required').max(64),
});

/** Most comments one thread list returns (the oldest beyond it are left out). */
export const MAX_LISTED_COMMENTS = 1000;

export async function listComments(principal: Principal, rawInput: z.input<typeof input>): Promise<CommentThread[]> {
  const { targetType, targetId } = parseInput(input, rawInput);
  const target = await loadCommentTarget(principal, targetType, targetId, 'comment:read');
  const rows = await db.comment.findMany({
    where: { teamId: target.teamId, targetType: target.type, targetId: target.id },
    include: commentInclude,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: MAX_LISTED_COMMENTS,
  });
  return toThreads(rows.reverse().map(toCommentView));
}
