// Live events reaching this process on the `cairn_events` channel (through the process's one
// LISTEN connection, lib/db/notifications.ts), fanned out to the live streams it serves. When
// that connection dropped and is back, every listener is told to resynchronise (events may
// have been missed meanwhile).
import { onCloseDb } from '../db/client.ts';
import { listen } from '../db/notifications.ts';
import { EVENTS_CHANNEL } from './publish-event.ts';

/** `topic` changed; `null` means "you may have missed events: refetch everything". */
export type TopicListener = (topic: string | null) => void;

type Hub = {
  listeners: Map<string, Set<TopicListener>>;
  /** Resolves once the process listens on the channel (set on the first subscription). */
  listening: Promise<unknown> | null;
};

const hubKey = Symbol.for('cairn.events.hub');
const store = globalThis as unknown as { [hubKey]?: Hub };

function hub(): Hub {
  let current = store[hubKey];
  if (!current) {
    current = store[hubKey] = { listeners: new Map(), listening: null };
    onCloseDb(async () => {
      delete store[hubKey];
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

function ensureListening(h: Hub): Promise<unknown> {
  h.listening ??= listen(EVENTS_CHANNEL, { notification: (payload) => dispatch(h, payload), resumed: () => resyncAll(h) }).catch((error) => {
    h.listening = null;
    throw error;
  });
  return h.listening;
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
