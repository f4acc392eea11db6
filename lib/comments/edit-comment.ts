// Edit one's own comment (nobody else's, admins included): the body changes, the comment gets
// its "edited" mark, mentions follow the new text, and people newly mentioned are notified
// (nobody twice for one comment).
import { z } from 'zod';
import { actorUserId, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { badInput, forbidden, notFound } from '../errors.ts';
import { publishEvent } from '../events/publish-event.ts';
import { inboxTopic, threadTopic } from '../events/topics.ts';
import { deliverNotificationEmailsSoon } from '../notifications/deliver-notification-emails.ts';
import { notifyAboutComment } from '../notifications/notify-comment.ts';
import { parseInput } from '../validation/parse-input.ts';
import { commentBody, commentId } from './comment-input.ts';
import { loadCommentTarget, parseTargetType } from './comment-target.ts';
import { commentInclude, toCommentView, type CommentView } from './comment-view.ts';
import { resolveMentions } from './resolve-mentions.ts';

const input = z.object({ id: commentId, body: commentBody });

/** The comment and its target, for a principal about to change it; NOT_FOUND unless its thread is readable. */
export async function loadOwnComment(principal: Principal, id: string) {
  const comment = await db.comment.findUnique({ where: { id } });
  if (!comment || comment.deletedAt) {
    if (comment) await loadCommentTarget(principal, parseTargetType(comment.targetType), comment.targetId, 'comment:read');
    throw notFound('Comment', id);
  }
  const target = await loadCommentTarget(principal, parseTargetType(comment.targetType), comment.targetId, 'comment:write');
  const mine = comment.authorId !== null && comment.authorId === actorUserId(principal);
  return { comment, target, mine };
}

export async function editComment(principal: Principal, rawInput: z.input<typeof input>): Promise<CommentView> {
  const { id, body } = parseInput(input, rawInput);
  const { comment, target, mine } = await loadOwnComment(principal, id);
  if (!mine) throw forbidden('Only its author can edit a comment');
  if (body === comment.body) throw badInput('Nothing changed', { field: 'body' });

  const { row, recipients } = await db.$transaction(async (tx) => {
    const mentionedUserIds = await resolveMentions(tx, target.teamId, body);
    await tx.commentMention.deleteMany({ where: { commentId: id } });
    const updated = await tx.comment.update({
      where: { id },
      data: { body, editedAt: new Date(), mentions: { create: mentionedUserIds.map((userId) => ({ userId })) } },
      include: commentInclude,
    });
    const notified = await notifyAboutComment(tx, { comment: updated, mentionedUserIds });
    return { row: updated, recipients: notified };
  });

  publishEvent(threadTopic(target.type, target.id), ...recipients.map(inboxTopic));
  if (recipients.length > 0) deliverNotificationEmailsSoon();
  return toCommentView(row);
}
