// The caller's inbox, newest first, paged by position (createdAt|id); only notifications of teams the
// caller still reads (someone who left a team no longer sees its threads).
import { z } from 'zod';
import { actorUserId, readableTeamIds, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { badInput, unauthenticated } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { notificationInclude, toNotificationViews, type NotificationView } from './notification-view.ts';

const input = z.object({
  first: z.number().int().min(1).max(100, 'first must be at most 100').default(30),
  after: z.string().max(200).nullish(),
  unreadOnly: z.boolean().default(false),
});

/** The person whose inbox it is (a session, or the user behind a token); UNAUTHENTICATED otherwise. */
export function inboxOwner(principal: Principal): string {
  const userId = principal.kind === 'user' || principal.kind === 'token' ? actorUserId(principal) : null;
  if (!userId) throw unauthenticated();
  return userId;
}

/** Where the list continues after a notification (what `after` takes). */
export const notificationPosition = (row: { createdAt: Date; id: string }) => `${row.createdAt.toISOString()}|${row.id}`;

function parsePosition(position: string): { createdAt: Date; id: string } {
  const [at, id] = position.split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) throw badInput('Invalid cursor', { field: 'after' });
  return { createdAt, id };
}

export async function listNotifications(
  principal: Principal,
  rawInput: z.input<typeof input> = {},
): Promise<{ notifications: NotificationView[]; nextCursor: string | null }> {
  const userId = inboxOwner(principal);
  const { first, after, unreadOnly } = parseInput(input, rawInput);
  const position = after ? parsePosition(after) : null;
  const rows = await db.notification.findMany({
    where: {
      userId,
      teamId: { in: readableTeamIds(principal) },
      ...(unreadOnly ? { readAt: null } : {}),
      ...(position
        ? { OR: [{ createdAt: { lt: position.createdAt } }, { createdAt: position.createdAt, id: { lt: position.id } }] }
        : {}),
    },
    include: notificationInclude,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: first + 1,
  });
  const page = rows.slice(0, first);
  return {
    notifications: await toNotificationViews(page),
    nextCursor: rows.length > first ? notificationPosition(page[page.length - 1]!) : null,
  };
}

export async function countUnreadNotifications(principal: Principal): Promise<number> {
  const userId = inboxOwner(principal);
  return db.notification.count({ where: { userId, readAt: null, teamId: { in: readableTeamIds(principal) } } });
}
