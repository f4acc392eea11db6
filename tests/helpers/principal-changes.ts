// Fixtures that write memberships straight into the database bypass the use cases that tell
// the servers' principal caches (lib/authz/principal-changes.ts). Against a built server, whose
// processes cache who may do what, such a fixture announces the change the way a use case does,
// and waits until a listener of its own heard it: PostgreSQL delivers the notification to every
// listening process at once, so the server has it too by the next request.
import { db } from '../../lib/db/client.ts';
import { listen } from '../../lib/db/notifications.ts';
import { PRINCIPALS_CHANNEL } from '../../lib/authz/principal-changes.ts';

export async function announceToServers(userIds: readonly string[]): Promise<void> {
  if (process.env.CAIRN_TEST_TARGET !== 'server' || userIds.length === 0) return;
  const payload = JSON.stringify([...new Set(userIds)]);
  let heard!: () => void;
  const echo = new Promise<void>((resolve) => (heard = resolve));
  const stop = await listen(PRINCIPALS_CHANNEL, { notification: (sent) => sent === payload && heard() });
  try {
    await db.$executeRaw`SELECT pg_notify(${PRINCIPALS_CHANNEL}, ${payload})`;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([echo, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
  } finally {
    stop();
  }
}
