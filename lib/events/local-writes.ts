// The writes this process has committed, in order, by topic (publishEvent marks each one: use
// cases call it right after their transaction commits). A read that began before a topic's
// last write may not show that write, so whoever made it must not be handed that read's
// result: shared reads (lib/runtime/single-flight.ts) ask here before a new caller joins one
// that is in flight (read-your-writes). Writes made through another process are not seen
// here; a client keeps its connection, and with it its process, between its write and read.
// Kept on globalThis: Next's bundle and the server's own modules share one record.

const key = Symbol.for('cairn.events.local-writes');
/** Topics remembered; an older one forgotten counts as written when the last one forgotten was. */
const MAX_REMEMBERED = 10_000;
type Writes = { seq: number; last: Map<string, number>; forgottenUpTo: number };
const store = globalThis as unknown as { [key]?: Writes };
const writes = (store[key] ??= { seq: 0, last: new Map(), forgottenUpTo: 0 });

/** Marks `topics` as written now. */
export function markWritten(topics: readonly string[]): void {
  for (const topic of topics) {
    const seq = ++writes.seq;
    // Re-inserted, so the map stays in the order of last writes and the first entry is the oldest.
    writes.last.delete(topic);
    writes.last.set(topic, seq);
    if (writes.last.size > MAX_REMEMBERED) {
      const [oldest, oldestSeq] = writes.last.entries().next().value!;
      writes.last.delete(oldest);
      writes.forgottenUpTo = oldestSeq;
    }
  }
}

/** Where the sequence of writes stands: a read starting now shows every write up to here. */
export function currentWriteSeq(): number {
  return writes.seq;
}

/** When `topic` was last written (never after the truth: a forgotten topic counts as written when the last one was forgotten). */
export function lastWriteOf(topic: string): number {
  return writes.last.get(topic) ?? writes.forgottenUpTo;
}
