// Comment on a run or a saved comparison, or reply in a thread. Members and above (and their
// write tokens) write; the target's viewers read. Mentions, the comment and the notifications
// it causes are written in one transaction; live pages and inboxes hear about it after commit.
import { z } from 'zod';
import { actorUserId, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { badInput } from '../errors.ts';
import { publishEvent } from '../events/publish-event.ts';
import { inboxTopic, threadTopic } from '../events/topics.ts';
import { deliverNotificationEmailsSoon } from '../notifications/deliver-notification-emails.ts';
import { notifyAboutComment } from '../notifications/notify-comment.ts';
import { parseInput } from '../validation/parse-input.ts';
import { commentBody, commentId } from './comment-input.ts';
import { loadCommentTarget, parseTargetType } from './comment-target.ts';
import { commentInclude, toCommentView, type CommentView } from './comment-view.ts';
import { resolveMentions } from './resolve-mentions.ts';

const input = z.object({
  targetType: z.string().transform(parseTargetType),
  targetId: z.string().trim().min(1, 'targetId is required').max(64),
  body: commentBody,
  parentId: commentId.nullish(),
});

export async function addComment(principal: Principal, rawInput: z.input<typeof input>): Promise<CommentView> {
  const { targetType, targetId, body, parentId } = parseInput(input, rawInput);
  const target = await loadCommentTarget(principal, targetType, targetId, 'comment:write');
  const authorId = actorUserId(principal);

  const { row, recipients } = await db.$transaction(async (tx) => {
    let rootId: string | null = null;
    let parentAuthorId: string | null = null;
    if (parentId) {
      const parent = await tx.comment.findUnique({ where: { id: parentId } });
      // A comment of another thread (or team) is as missing as one that never was.
      if (!parent || parent.teamId !== target.teamId || parent.targetType !== target.type || parent.targetId !== target.id) {
        throw badInput(`Comment '${parentId}' is not in this thread`, { field: 'parentId' });
      }
      if (parent.deletedAt) throw badInput('That comment was deleted: reply to the thread instead', { field: 'parentId' });
      // Threads are one level deep: a reply to a reply joins the same thread.
      rootId = parent.parentId ?? parent.id;
      parentAuthorId = parent.authorId;
    }
    const mentionedUserIds = await resolveMentions(tx, target.teamId, body);
    const created = await tx.comment.create({
      data: {
        teamId: target.teamId,
        targetType: target.type,
        targetId: target.id,
        authorId,
        parentId: rootId,
        body,
        mentions: { create: mentionedUserIds.map((userId) => ({ userId })) },
      },
      include: commentInclude,
    });
    const notified = await notifyAboutComment(tx, {
      comment: { ...created, targetType: target.type },
      mentionedUserIds,
      parentAuthorId,
      targetOwnerId: target.ownerId,
    });
    return { row: created, recipients: notified };
  });

  publishEvent(threadTopic(target.type, target.id), ...recipients.map(inboxTopic));
  if (recipients.length > 0) deliverNotificationEmailsSoon();
  return toCommentView(row);
}
