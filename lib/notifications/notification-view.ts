// Inbox entries as the APIs show them: what happened, who did it, on what (with the link to
// its page), and an excerpt of the comment or of the request's reason. Built for a page of
// notifications with a fixed number of queries.
import { db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { targetPath, versionLabel, type TargetPlace } from '../comments/comment-target.ts';
import { displayName } from '../comments/comment-view.ts';
import { describeRequestedMove } from '../registry/transition-request-view.ts';

export type NotificationView = {
  id: string;
  kind: string;
  teamId: string;
  teamSlug: string;
  targetType: string;
  targetId: string;
  /** The run's, comparison's or model version's name (null when it is gone). */
  targetLabel: string | null;
  /** Page of the target, with the comment's anchor (a request's: its model's requests). */
  path: string;
  actor: { id: string; email: string; name: string | null } | null;
  commentId: string | null;
  /** The approval request it is about, and what that request asks for in words. */
  requestId: string | null;
  requestedMove: string | null;
  excerpt: string | null;
  createdAt: Date;
  readAt: Date | null;
};

export const notificationInclude = {
  actor: { select: { id: true, email: true, name: true } },
  team: { select: { slug: true } },
  comment: { select: { body: true, deletedAt: true } },
  request: {
    select: {
      modelId: true,
      kind: true,
      toStage: true,
      alias: true,
      rollback: true,
      comment: true,
      decisionComment: true,
      model: { select: { name: true } },
      version: { select: { version: true } },
    },
  },
} satisfies Prisma.NotificationInclude;

type NotificationRow = Prisma.NotificationGetPayload<{ include: typeof notificationInclude }>;

const EXCERPT_LENGTH = 200;

export function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}

type Target = { label: string; place?: TargetPlace };

/** Names (and, for versions, places) of the targets of these notifications, one query per kind of target. */
async function targetsOf(rows: readonly NotificationRow[]): Promise<Map<string, Target>> {
  const ids = (type: string) => [...new Set(rows.filter((row) => row.targetType === type).map((row) => row.targetId))];
  const [runs, comparisons, versions] = await Promise.all([
    db.run.findMany({ where: { id: { in: ids('RUN') } }, select: { id: true, name: true } }),
    db.comparison.findMany({ where: { id: { in: ids('COMPARISON') } }, select: { id: true, name: true } }),
    db.modelVersion.findMany({
      where: { id: { in: ids('MODEL_VERSION') }, deletedAt: null },
      select: { id: true, version: true, modelId: true, model: { select: { name: true } } },
    }),
  ]);
  return new Map<string, Target>([
    ...runs.map((r) => [`RUN:${r.id}`, { label: r.name }] as const),
    ...comparisons.map((c) => [`COMPARISON:${c.id}`, { label: c.name }] as const),
    ...versions.map((v) => [`MODEL_VERSION:${v.id}`, { label: versionLabel({ modelName: v.model.name, version: v.version }), place: { modelId: v.modelId, version: v.version } }] as const),
  ]);
}

/** Where an entry leads: the comment in its thread, or the requests of the request's model. */
function pathOf(row: NotificationRow, target: Target | undefined): string {
  if (row.request) return `/t/${row.team.slug}/models/${row.request.modelId}#requests`;
  return targetPath(row.team.slug, row.targetType, row.targetId, target?.place) + (row.commentId ? `#comment-${row.commentId}` : '');
}

function excerptOfRow(row: NotificationRow): string | null {
  if (row.comment) return row.comment.deletedAt ? null : excerptOf(row.comment.body);
  const reason = row.kind === 'APPROVAL_REQUEST' ? row.request?.comment : row.request?.decisionComment;
  return reason ? excerptOf(reason) : null;
}

export async function toNotificationViews(rows: readonly NotificationRow[]): Promise<NotificationView[]> {
  const targets = await targetsOf(rows);
  return rows.map((row) => {
    const target = targets.get(`${row.targetType}:${row.targetId}`);
    return {
      id: row.id,
      kind: row.kind,
      teamId: row.teamId,
      teamSlug: row.team.slug,
      targetType: row.targetType,
      targetId: row.targetId,
      targetLabel: target?.label ?? null,
      path: pathOf(row, target),
      actor: row.actor,
      commentId: row.commentId,
      requestId: row.requestId,
      requestedMove: row.request ? describeRequestedMove({ ...row.request, modelName: row.request.model.name, version: row.request.version.version }) : null,
      excerpt: excerptOfRow(row),
      createdAt: row.createdAt,
      readAt: row.readAt,
    };
  });
}

const TARGET_WORDS: Record<string, string> = { RUN: 'run', COMPARISON: 'comparison', MODEL_VERSION: 'model version' };

/** One line saying what happened, for emails and screen readers. */
export function describeNotification(view: Pick<NotificationView, 'kind' | 'actor' | 'targetType' | 'targetLabel' | 'requestedMove'>): string {
  const who = view.actor ? displayName(view.actor) : 'Someone';
  const what = `${TARGET_WORDS[view.targetType] ?? 'run'} ${view.targetLabel ?? '(deleted)'}`;
  const move = view.requestedMove ?? `change ${what}`;
  switch (view.kind) {
    case 'MENTION':
      return `${who} mentioned you on ${what}`;
    case 'REPLY':
      return `${who} replied to your comment on ${what}`;
    case 'COMMENT':
      return `${who} commented on your ${what}`;
    case 'APPROVAL_REQUEST':
      return `${who} asks for your approval to ${move}`;
    case 'REQUEST_APPROVED':
      return `${who} approved your request to ${move}`;
    case 'REQUEST_REJECTED':
      return `${who} rejected your request to ${move}`;
    default:
      return `${who}: ${what}`;
  }
}
