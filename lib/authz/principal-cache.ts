// Resolved principals kept in this process for a few seconds, so a busy client (a training
// loop's log-metric calls, a dashboard's GraphQL polling) does not pay a database round trip
// and a session decryption on every request. Correct only while changes reach it at once:
// every change that can narrow what a principal may do (token revoked, role changed, member
// removed, sign out everywhere, user or team deleted) calls principalsChanged() in its
// transaction, which NOTIFYs every Cairn process; each process's listener drops the entries
// (principal-changes.ts). While that listener is not connected, the cache is off.
//
// Entries are per user id, so one notification drops a user's sessions and tokens together.
// A load that started before an invalidation is not cached (the epoch check), so a read racing
// a revocation cannot put the old principal back. Callers get copies: resolvePrincipal adds
// the request's client address to the object it returns.
import type { TokenPrincipal, UserPrincipal } from './principal.ts';

const DEFAULT_TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

type Entry<T> = { value: T; userId: string; expiresAt: number };

type State = {
  entries: Map<string, Entry<unknown>>;
  /** Bumped by every invalidation: a load begun under an older epoch is not stored. */
  epoch: number;
  /** Whether invalidations can reach this process now (its listener is connected). */
  armed: boolean;
};

const stateKey = Symbol.for('cairn.authz.principal-cache');
// On globalThis: Next's bundle and the pre-Next dispatcher (plain Node modules) share one cache.
const store = globalThis as unknown as { [stateKey]?: State };

function state(): State {
  return (store[stateKey] ??= { entries: new Map(), epoch: 0, armed: false });
}

/** How long an entry lives (CAIRN_AUTH_CACHE_MS; 0 turns the cache off). */
export function principalCacheTtlMs(): number {
  const raw = process.env.CAIRN_AUTH_CACHE_MS;
  if (raw === undefined || raw === '') return DEFAULT_TTL_MS;
  const ms = Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : DEFAULT_TTL_MS;
}

function enabled(): boolean {
  return state().armed && principalCacheTtlMs() > 0;
}

/** Whether the cache is on in this process (its listener is connected). */
export function principalCacheArmed(): boolean {
  return enabled();
}

/** Turns the cache on (listener connected) or off and empty (listener lost: notifications may be missed). */
export function armPrincipalCache(armed: boolean): void {
  const s = state();
  if (!armed) {
    s.entries.clear();
    s.epoch++;
  }
  s.armed = armed;
}

export function invalidateUserPrincipals(userIds: readonly string[]): void {
  const s = state();
  s.epoch++;
  const gone = new Set(userIds);
  for (const [key, entry] of s.entries) if (gone.has(entry.userId)) s.entries.delete(key);
}

export function invalidateAllPrincipals(): void {
  const s = state();
  s.epoch++;
  s.entries.clear();
}

type Cacheable = TokenPrincipal | UserPrincipal;

/** What a loader found: the principal, and the time (ms since the epoch) it must not outlive, e.g. a token's expiry. */
export type Loaded<T extends Cacheable> = { principal: T; notAfter?: number | null } | null;

/**
 * The cached principal for `key`, else `load()`'s, stored (per its user) when no invalidation
 * happened meanwhile. A copy every time: callers may add the request's client address.
 * Nothing found and errors are not cached.
 */
export async function cachedPrincipal<T extends Cacheable>(key: string, load: () => Promise<Loaded<T>>): Promise<T | null> {
  if (!enabled()) return (await load())?.principal ?? null;
  const s = state();
  const now = Date.now();
  const hit = s.entries.get(key) as Entry<T> | undefined;
  if (hit && hit.expiresAt > now) return { ...hit.value };
  if (hit) s.entries.delete(key);
  const epoch = s.epoch;
  const found = await load();
  if (!found) return null;
  const { principal, notAfter } = found;
  if (s.epoch === epoch && enabled()) {
    if (s.entries.size >= MAX_ENTRIES) s.entries.delete(s.entries.keys().next().value!); // the oldest
    s.entries.set(key, { value: principal, userId: principal.userId, expiresAt: Math.min(Date.now() + principalCacheTtlMs(), notAfter ?? Infinity) });
  }
  return { ...principal };
}

/** Entries held (tests, health). */
export function cachedPrincipalCount(): number {
  return state().entries.size;
}
