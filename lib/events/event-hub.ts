// The process's one LISTEN connection on `cairn_events`, fanned out to the live streams this
// process serves. Opened when the first stream subscribes; reconnects with backoff when the
// connection drops, and then tells every listener to resynchronise (events may have been
// missed meanwhile). Written on `pg` directly rather than with a LISTEN wrapper library: it
// is one client, one channel and a reconnect loop, and the resync signal is ours anyway.
import pg from 'pg';
import { onCloseDb } from '../db/client.ts';
import { EVENTS_CHANNEL } from './publish-event.ts';

/** `topic` changed; `null` means "you may have missed events: refetch everything". */
export type TopicListener = (topic: string | null) => void;

type Hub = {
  listeners: Map<string, Set<TopicListener>>;
  client: pg.Client | null;
  connecting: Promise<void> | null;
  retryDelay: number;
  closed: boolean;
};

const hubKey = Symbol.for('cairn.events.hub');
const store = globalThis as unknown as { [hubKey]?: Hub };

function hub(): Hub {
  let current = store[hubKey];
  if (!current) {
    current = store[hubKey] = { listeners: new Map(), client: null, connecting: null, retryDelay: 250, closed: false };
    const closing = current;
    onCloseDb(async () => {
      closing.closed = true;
      delete store[hubKey];
      await closing.client?.end().catch(() => undefined);
    });
  }
  return current;
}

function dispatch(h: Hub, payload: string | undefined): void {
  let topics: unknown;
  try {
    topics = JSON.parse(payload ?? '[]');
  } catch {
    return;
  }
  if (!Array.isArray(topics)) return;
  for (const topic of topics) {
    if (typeof topic !== 'string') continue;
    for (const listener of h.listeners.get(topic) ?? []) listener(topic);
  }
}

function resyncAll(h: Hub): void {
  const all = new Set<TopicListener>();
  for (const set of h.listeners.values()) for (const listener of set) all.add(listener);
  for (const listener of all) listener(null);
}

async function connect(h: Hub): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const client = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
  client.on('notification', (message) => {
    if (message.channel === EVENTS_CHANNEL) dispatch(h, message.payload);
  });
  client.on('error', () => undefined); // 'end' follows and reconnects
  client.on('end', () => {
    if (h.client !== client || h.closed) return;
    h.client = null;
    scheduleReconnect(h);
  });
  await client.connect();
  await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  h.client = client;
  h.retryDelay = 250;
}

function scheduleReconnect(h: Hub): void {
  if (h.closed || h.connecting || h.listeners.size === 0) return;
  const delay = h.retryDelay;
  h.retryDelay = Math.min(h.retryDelay * 2, 10_000);
  const timer = setTimeout(() => {
    void ensureListening(h).then(
      () => resyncAll(h),
      () => scheduleReconnect(h),
    );
  }, delay);
  timer.unref();
}

function ensureListening(h: Hub): Promise<void> {
  if (h.client) return Promise.resolve();
  h.connecting ??= connect(h).finally(() => {
    h.connecting = null;
  });
  return h.connecting;
}

/**
 * Calls `listener` whenever one of `topics` changes, from whichever Cairn process wrote.
 * Resolves once the process is listening (so no write after it is missed); returns the
 * unsubscribe function.
 */
export async function subscribe(topics: readonly string[], listener: TopicListener): Promise<() => void> {
  const h = hub();
  for (const topic of topics) {
    let set = h.listeners.get(topic);
    if (!set) h.listeners.set(topic, (set = new Set()));
    set.add(listener);
  }
  const unsubscribe = () => {
    for (const topic of topics) {
      const set = h.listeners.get(topic);
      set?.delete(listener);
      if (set?.size === 0) h.listeners.delete(topic);
    }
  };
  try {
    await ensureListening(h);
  } catch (error) {
    unsubscribe();
    throw error;
  }
  return unsubscribe;
}

/** Number of topics with listeners in this process (tests, health). */
export function listenedTopicCount(): number {
  return store[hubKey]?.listeners.size ?? 0;
}
