// Changes that narrow what someone may do reach every Cairn process's principal cache
// (principal-cache.ts) at once. A use case that revokes a token, changes or removes a
// membership, ends sessions, or deletes a user or a team calls announcePrincipalChange() in its
// transaction (PostgreSQL sends the NOTIFY when, and only if, it commits) and forgetPrincipals()
// after the commit (this process at once, before it answers). Every process listens on the
// channel from its start (startPrincipalChangeListener); while that connection is down its
// cache is off, since a change could be missed.
import type { Prisma } from '../db/generated/client.ts';
import { onCloseDb } from '../db/client.ts';
import { listen } from '../db/notifications.ts';
import type { SqlClient } from '../db/sql.ts';
import { armPrincipalCache, invalidateAllPrincipals, invalidateUserPrincipals } from './principal-cache.ts';

export const PRINCIPALS_CHANNEL = 'cairn_principals';
const EVERYONE = '*';
/** NOTIFY payloads must stay under 8000 bytes; past this many users, everyone is dropped. */
const MAX_USERS_PER_PAYLOAD = 150;

export type ChangedUsers = readonly string[] | 'everyone';

function payloadOf(users: ChangedUsers): string {
  return users === 'everyone' || users.length > MAX_USERS_PER_PAYLOAD ? EVERYONE : JSON.stringify([...new Set(users)]);
}

/** Queues the notification in the caller's transaction (Prisma's or a pg client's). */
export async function announcePrincipalChange(tx: Prisma.TransactionClient | SqlClient, users: ChangedUsers): Promise<void> {
  if (users !== 'everyone' && users.length === 0) return;
  const payload = payloadOf(users);
  if ('$queryRaw' in tx) await tx.$queryRaw`SELECT pg_notify(${PRINCIPALS_CHANNEL}, ${payload})`;
  else await tx.query('SELECT pg_notify($1, $2)', [PRINCIPALS_CHANNEL, payload]);
}

/** Drops this process's cached principals of `users` (after the change committed). */
export function forgetPrincipals(users: ChangedUsers): void {
  if (users === 'everyone') invalidateAllPrincipals();
  else invalidateUserPrincipals(users);
}

function onNotification(payload: string | undefined): void {
  if (!payload || payload === EVERYONE) return invalidateAllPrincipals();
  try {
    const users = JSON.parse(payload) as unknown;
    if (Array.isArray(users) && users.every((id) => typeof id === 'string')) return invalidateUserPrincipals(users);
  } catch {
    // not ours: drop everything rather than guess
  }
  invalidateAllPrincipals();
}

const startedKey = Symbol.for('cairn.authz.principal-listener');
const store = globalThis as unknown as { [startedKey]?: Promise<void> };

/**
 * Listens for principal changes and turns the cache on once listening (a server process
 * calls this at start; without it the cache stays off, as in-process tests run).
 */
export function startPrincipalChangeListener(): Promise<void> {
  if (!store[startedKey]) {
    // Closing the database closes the listener: the cache goes off with it.
    onCloseDb(async () => {
      armPrincipalCache(false);
      delete store[startedKey];
    });
  }
  store[startedKey] ??= listen(PRINCIPALS_CHANNEL, {
    notification: onNotification,
    lost: () => armPrincipalCache(false),
    resumed: () => armPrincipalCache(true),
  }).then(
    () => armPrincipalCache(true),
    (error: unknown) => {
      delete store[startedKey];
      throw error;
    },
  );
  return store[startedKey];
}
