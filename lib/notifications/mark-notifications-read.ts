// Mark inbox entries read: some by id, or all of them. Only ever the caller's own (ids of
// anybody else's are ignored, like ids that do not exist).
import { z } from 'zod';
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { publishEvent } from '../events/publish-event.ts';
import { inboxTopic } from '../events/topics.ts';
import { parseInput } from '../validation/parse-input.ts';
import { inboxOwner } from './list-notifications.ts';

const input = z.union([
  z.object({ ids: z.array(z.string().max(64)).min(1, 'Name at least one notification').max(500) }),
  z.object({ all: z.literal(true) }),
]);

/** Returns how many were newly marked read. */
export async function markNotificationsRead(principal: Principal, rawInput: z.input<typeof input>): Promise<number> {
  const userId = inboxOwner(principal);
  const parsed = parseInput(input, rawInput);
  const { count } = await db.notification.updateMany({
    where: { userId, readAt: null, ...('ids' in parsed ? { id: { in: parsed.ids } } : {}) },
    data: { readAt: new Date() },
  });
  if (count > 0) publishEvent(inboxTopic(userId)); // the unread count in the caller's other tabs
  return count;
}
