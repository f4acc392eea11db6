// Inbox entries as the APIs show them: what happened, who did it, on what (with the link to
// its page), and an excerpt of the comment. Built for a page of notifications with a fixed
// number of queries.
import { db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { targetPath } from '../comments/comment-target.ts';
import { displayName } from '../comments/comment-view.ts';

export type NotificationView = {
  id: string;
  kind: string;
  teamId: string;
  teamSlug: string;
  targetType: string;
  targetId: string;
  /** The run's or comparison's name (null when it is gone). */
  targetLabel: string | null;
  /** Page of the target, with the comment's anchor. */
  path: string;
  actor: { id: string; email: string; name: string | null } | null;
  commentId: string | null;
  excerpt: string | null;
  createdAt: Date;
  readAt: Date | null;
};

export const notificationInclude = {
  actor: { select: { id: true, email: true, name: true } },
  team: { select: { slug: true } },
  comment: { select: { body: true, deletedAt: true } },
} satisfies Prisma.NotificationInclude;

type NotificationRow = Prisma.NotificationGetPayload<{ include: typeof notificationInclude }>;

const EXCERPT_LENGTH = 200;

export function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}

/** Names of the targets of these notifications, one query per kind of target. */
async function targetLabels(rows: readonly NotificationRow[]): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(rows.filter((row) => row.targetType === type).map((row) => row.targetId))];
  const [runs, comparisons] = await Promise.all([
    db.run.findMany({ where: { id: { in: ids('RUN') } }, select: { id: true, name: true } }),
    db.comparison.findMany({ where: { id: { in: ids('COMPARISON') } }, select: { id: true, name: true } }),
  ]);
  return new Map([...runs.map((r) => [`RUN:${r.id}`, r.name] as const), ...comparisons.map((c) => [`COMPARISON:${c.id}`, c.name] as const)]);
}

export async function toNotificationViews(rows: readonly NotificationRow[]): Promise<NotificationView[]> {
  const labels = await targetLabels(rows);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    teamId: row.teamId,
    teamSlug: row.team.slug,
    targetType: row.targetType,
    targetId: row.targetId,
    targetLabel: labels.get(`${row.targetType}:${row.targetId}`) ?? null,
    path: targetPath(row.team.slug, row.targetType, row.targetId) + (row.commentId ? `#comment-${row.commentId}` : ''),
    actor: row.actor,
    commentId: row.commentId,
    excerpt: row.comment && !row.comment.deletedAt ? excerptOf(row.comment.body) : null,
    createdAt: row.createdAt,
    readAt: row.readAt,
  }));
}

/** One line saying what happened, for emails and screen readers. */
export function describeNotification(view: Pick<NotificationView, 'kind' | 'actor' | 'targetType' | 'targetLabel'>): string {
  const who = view.actor ? displayName(view.actor) : 'Someone';
  const what = `${view.targetType === 'COMPARISON' ? 'comparison' : 'run'} ${view.targetLabel ?? '(deleted)'}`;
  switch (view.kind) {
    case 'MENTION':
      return `${who} mentioned you on ${what}`;
    case 'REPLY':
      return `${who} replied to your comment on ${what}`;
    case 'COMMENT':
      return `${who} commented on your ${what}`;
    default:
      return `${who}: ${what}`;
  }
}
