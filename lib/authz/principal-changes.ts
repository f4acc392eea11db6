// Changes that narrow what someone may do reach every Cairn process's principal cache
// (principal-cache.ts) at once. A use case that revokes a token, changes or removes a
// membership, ends sessions, or deletes a user or a team calls announcePrincipalChange() in its
// transaction (PostgreSQL sends the NOTIFY when, and only if, it commits) and awaits
// forgetPrincipals() after the commit: this process drops the entries at once, then waits
// (briefly) until its own listener hears the notification, which PostgreSQL delivers to every
// listening process at the same time, so when the change's request is answered the other
// processes have it too. Every process listens on the channel from its start
// (startPrincipalChangeListener); while that connection is down its cache is off, since a
// change could be missed.
import type { Prisma } from '../db/generated/client.ts';
import { onCloseDb } from '../db/client.ts';
import { listen } from '../db/notifications.ts';
import type { SqlClient } from '../db/sql.ts';
import { armPrincipalCache, invalidateAllPrincipals, invalidateUserPrincipals, principalCacheArmed } from './principal-cache.ts';

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
  expectEcho(users);
  if ('$executeRaw' in tx) await tx.$executeRaw`SELECT pg_notify(${PRINCIPALS_CHANNEL}, ${payload})`;
  else await tx.query('SELECT pg_notify($1, $2)', [PRINCIPALS_CHANNEL, payload]);
}

/** How long forgetPrincipals waits for its notification to come back (it is lost only with the connection). */
const ECHO_TIMEOUT_MS = 500;

// Announced changes this process expects to hear back: registered inside the transaction, so
// a notification that comes back before forgetPrincipals() runs is not missed; one whose
// transaction rolled back is never heard and ages out.
type Expected = { users: ReadonlySet<string> | 'everyone'; at: number; heard: Promise<void>; hear(): void };
const expectedKey = Symbol.for('cairn.authz.principal-echoes');
const expectedStore = globalThis as unknown as { [expectedKey]?: Set<Expected> };
const expected = () => (expectedStore[expectedKey] ??= new Set());

function expectEcho(users: ChangedUsers): void {
  const now = Date.now();
  for (const old of expected()) if (now - old.at > 10 * ECHO_TIMEOUT_MS) expected().delete(old);
  let hear!: () => void;
  const heard = new Promise<void>((resolve) => (hear = resolve));
  expected().add({ users: users === 'everyone' || users.length > MAX_USERS_PER_PAYLOAD ? 'everyone' : new Set(users), at: now, heard, hear });
}

/**
 * After the change committed: drops this process's cached principals of `users` at once,
 * then (while the cache is on) waits until this process heard the change's notification.
 */
export async function forgetPrincipals(users: ChangedUsers): Promise<void> {
  if (users !== 'everyone' && users.length === 0) return;
  if (users === 'everyone') invalidateAllPrincipals();
  else invalidateUserPrincipals(users);
  const mine = [...expected()].filter(
    (e) => e.users === 'everyone' || users === 'everyone' || users.some((id) => (e.users as ReadonlySet<string>).has(id)),
  );
  if (!principalCacheArmed() || mine.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(mine.map((e) => e.heard)), new Promise((resolve) => (timer = setTimeout(resolve, ECHO_TIMEOUT_MS)))]);
  clearTimeout(timer);
  for (const e of mine) expected().delete(e);
}

function heard(users: ReadonlySet<string> | 'everyone'): void {
  for (const e of expected()) {
    if (users === 'everyone' || (e.users !== 'everyone' && [...e.users].every((id) => users.has(id)))) e.hear();
  }
}

function onNotification(payload: string | undefined): void {
  let users: unknown = undefined;
  try {
    users = payload && payload !== EVERYONE ? JSON.parse(payload) : undefined;
  } catch {
    // not ours: drop everything rather than guess
  }
  if (Array.isArray(users) && users.every((id) => typeof id === 'string')) {
    invalidateUserPrincipals(users);
    heard(new Set(users));
  } else {
    invalidateAllPrincipals();
    heard('everyone');
  }
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
