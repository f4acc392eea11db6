// Delete a comment: its author may, and the team's admins may delete anybody's. The row stays
// (emptied) so replies keep their thread, shown as "comment deleted"; its mentions and the
// notifications about it go.
import { z } from 'zod';
import { authorize, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { publishEvent } from '../events/publish-event.ts';
import { inboxTopic, threadTopic } from '../events/topics.ts';
import { parseInput } from '../validation/parse-input.ts';
import { commentId } from './comment-input.ts';
import { commentInclude, toCommentView, type CommentView } from './comment-view.ts';
import { loadOwnComment } from './edit-comment.ts';

const input = z.object({ id: commentId });

export async function deleteComment(principal: Principal, rawInput: z.input<typeof input>): Promise<CommentView> {
  const { id } = parseInput(input, rawInput);
  const { target, mine } = await loadOwnComment(principal, id);
  if (!mine) authorize(principal, 'content:moderate', target.teamId);
  const { row, recipients } = await db.$transaction(async (tx) => {
    const notified = await tx.notification.findMany({ where: { commentId: id }, select: { userId: true } });
    await tx.notification.deleteMany({ where: { commentId: id } });
    await tx.commentMention.deleteMany({ where: { commentId: id } });
    const deleted = await tx.comment.update({ where: { id }, data: { body: '', deletedAt: new Date() }, include: commentInclude });
    return { row: deleted, recipients: notified.map((n) => n.userId) };
  });
  publishEvent(threadTopic(target.type, target.id), ...recipients.map(inboxTopic));
  return toCommentView(row);
}
