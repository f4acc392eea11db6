// Who hears about a comment, written in the comment's transaction: people it mentions, the
// author of the comment it replies to, and whoever created what it is on (a run's author, a
// comparison's creator, whoever registered a model version). One notification per person and comment, of the strongest kind
// (mention > reply > comment); never the comment's own author; only members of the team (a
// run author who left the team hears nothing). Emails go out later from the outbox.
import type { NotificationKind } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { mailConfigured } from '../mail/mail-config.ts';

// Kinds about approval requests never come from a comment (notify-transition-request.ts).
const strength: Record<NotificationKind, number> = { MENTION: 3, REPLY: 2, COMMENT: 1, APPROVAL_REQUEST: 0, REQUEST_APPROVED: 0, REQUEST_REJECTED: 0 };

export type CommentEvent = {
  comment: { id: string; teamId: string; targetType: string; targetId: string; authorId: string | null };
  /** Members the comment mentions (resolveMentions). */
  mentionedUserIds: readonly string[];
  /** Author of the comment it answers, for a reply. */
  parentAuthorId?: string | null;
  /** Creator of the run, comparison or model version it is on. */
  targetOwnerId?: string | null;
};

/** Inserts the notifications; returns who got one (for live inbox updates). */
export async function notifyAboutComment(tx: Prisma.TransactionClient, event: CommentEvent): Promise<string[]> {
  const wanted = new Map<string, NotificationKind>();
  const offer = (userId: string | null | undefined, kind: NotificationKind) => {
    if (!userId || userId === event.comment.authorId) return;
    const current = wanted.get(userId);
    if (!current || strength[kind] > strength[current]) wanted.set(userId, kind);
  };
  for (const userId of event.mentionedUserIds) offer(userId, 'MENTION');
  offer(event.parentAuthorId, 'REPLY');
  offer(event.targetOwnerId, 'COMMENT');
  if (wanted.size === 0) return [];

  const members = new Set(
    (
      await tx.membership.findMany({
        where: { teamId: event.comment.teamId, userId: { in: [...wanted.keys()] } },
        select: { userId: true },
      })
    ).map((member) => member.userId),
  );
  const recipients = [...wanted].filter(([userId]) => members.has(userId));
  if (recipients.length === 0) return [];
  const emailState = mailConfigured() ? 'PENDING' : null;
  await tx.notification.createMany({
    data: recipients.map(([userId, kind]) => ({
      userId,
      teamId: event.comment.teamId,
      kind,
      actorId: event.comment.authorId,
      commentId: event.comment.id,
      targetType: event.comment.targetType as never,
      targetId: event.comment.targetId,
      emailState,
    })),
    skipDuplicates: true, // an edit never notifies twice about one comment
  });
  return recipients.map(([userId]) => userId);
}
