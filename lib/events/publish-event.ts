// Publishing live-update events, off the write paths: a use case calls publishEvent after its
// transaction committed, which only adds the topics to an in-memory set (no I/O, no await).
// Every PUBLISH_INTERVAL_MS the set is flushed with pg_notify on the `cairn_events` channel,
// so 100 metric batches a second into one run cost one notification, not 100, and the
// ingestion statement never waits on NOTIFY's commit-time queue lock. Every Cairn process
// LISTENs on that channel (event-hub.ts), so pages connected to any instance behind a load
// balancer hear about writes made through any other.
import { onCloseDb, pool } from '../db/client.ts';
import { markWritten } from './local-writes.ts';

export const EVENTS_CHANNEL = 'cairn_events';
/** How long topics gather before they go out (the lag a live page may show, at most). */
export const PUBLISH_INTERVAL_MS = 250;
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD_BYTES = 7000;

const stateKey = Symbol.for('cairn.events.publisher');
type PublisherState = { pending: Set<string>; timer: NodeJS.Timeout | null; flushing: Promise<void> | null };
const store = globalThis as unknown as { [stateKey]?: PublisherState };
function state(): PublisherState {
  let current = store[stateKey];
  if (!current) {
    current = store[stateKey] = { pending: new Set(), timer: null, flushing: null };
    const closing = current;
    // Closing the database (shutdown, end of a test file) drops what is queued: a flush after
    // it would open a new pool on a database that is going away.
    onCloseDb(async () => {
      if (closing.timer) clearTimeout(closing.timer);
      closing.pending.clear();
      delete store[stateKey];
      await closing.flushing;
    });
  }
  return current;
}

/** Queue topics for the next flush, and mark them written in this process (local-writes.ts). Never throws, never waits. */
export function publishEvent(...topics: string[]): void {
  markWritten(topics);
  const s = state();
  for (const topic of topics) s.pending.add(topic);
  if (!s.timer && s.pending.size > 0) {
    s.timer = setTimeout(() => void flushEvents(), PUBLISH_INTERVAL_MS);
    s.timer.unref();
  }
}

/** JSON arrays of topics, each small enough for one NOTIFY. */
export function payloadsFor(topics: readonly string[]): string[] {
  const payloads: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const topic of topics) {
    const added = Buffer.byteLength(JSON.stringify(topic)) + 1;
    if (current.length > 0 && size + added > MAX_PAYLOAD_BYTES) {
      payloads.push(JSON.stringify(current));
      current = [];
      size = 2;
    }
    current.push(topic);
    size += added;
  }
  if (current.length > 0) payloads.push(JSON.stringify(current));
  return payloads;
}

/** Send what is queued now (tests and shutdown call it; the timer does otherwise). */
export async function flushEvents(): Promise<void> {
  const s = state();
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
  if (s.flushing) await s.flushing;
  if (s.pending.size === 0) return;
  const topics = [...s.pending];
  s.pending.clear();
  s.flushing = (async () => {
    try {
      // One statement for all payloads: pg_notify per array element.
      await pool().query(`SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload`, [EVENTS_CHANNEL, payloadsFor(topics)]);
    } catch (error) {
      // Live pages miss one refresh; they resynchronise on their next event or reconnect.
      if (process.env.DATABASE_URL) console.warn(`[cairn] live events not published: ${(error as Error).message}`);
    } finally {
      s.flushing = null;
    }
  })();
  await s.flushing;
}
