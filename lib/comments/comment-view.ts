// Comments as the APIs show them: threads of a top-level comment and its replies, oldest
// first. A deleted comment keeps its place as "comment deleted" only where replies need it.
import { db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { renderMarkdown } from '../markdown/render-markdown.ts';

export type CommentAuthor = { id: string; email: string; name: string | null };

export type CommentView = {
  id: string;
  teamId: string;
  targetType: string;
  targetId: string;
  parentId: string | null;
  author: CommentAuthor | null;
  /** Markdown source; null once deleted. */
  body: string | null;
  /** Sanitized HTML of the body; null once deleted. */
  bodyHtml: string | null;
  mentions: CommentAuthor[];
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
};

export type CommentThread = CommentView & { replies: CommentView[] };

const userSelect = { id: true, email: true, name: true } as const;

export const commentInclude = {
  author: { select: userSelect },
  mentions: { select: { user: { select: userSelect } } },
} satisfies Prisma.CommentInclude;

type CommentRow = Prisma.CommentGetPayload<{ include: typeof commentInclude }>;

/** How a mention shows: the member's name, else their email. */
export const displayName = (user: { email: string; name: string | null }) => user.name?.trim() || user.email;

export function toCommentView(row: CommentRow): CommentView {
  const mentions = row.mentions.map((mention) => mention.user);
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    teamId: row.teamId,
    targetType: row.targetType,
    targetId: row.targetId,
    parentId: row.parentId,
    author: row.author,
    body: deleted ? null : row.body,
    bodyHtml: deleted ? null : renderMarkdown(row.body, new Map(mentions.map((user) => [user.email.toLowerCase(), displayName(user)]))),
    mentions: deleted ? [] : mentions,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    deletedAt: row.deletedAt,
  };
}

/** One comment by id with what its view needs (no authorization: callers authorize its target). */
export async function loadComment(commentId: string): Promise<CommentView | null> {
  if (typeof commentId !== 'string' || commentId.length > 64) return null;
  const row = await db.comment.findUnique({ where: { id: commentId }, include: commentInclude });
  return row ? toCommentView(row) : null;
}

/** Threads from a target's comments (in creation order); deleted comments without replies are left out. */
export function toThreads(comments: readonly CommentView[]): CommentThread[] {
  const threads = new Map<string, CommentThread>();
  for (const comment of comments) if (comment.parentId === null) threads.set(comment.id, { ...comment, replies: [] });
  for (const comment of comments) {
    if (comment.parentId === null || comment.deletedAt) continue;
    threads.get(comment.parentId)?.replies.push(comment);
  }
  return [...threads.values()].filter((thread) => !thread.deletedAt || thread.replies.length > 0);
}
