// The record of this process's writes: each topic's last write in order, and, past the
// topics it remembers, never a write reported earlier than it was (a forgotten topic counts
// as written when the last forgotten one was).
import { describe, expect, it } from 'vitest';
import { currentWriteSeq, lastWriteOf, markWritten } from './local-writes.ts';

describe('local writes', () => {
  it("orders writes and keeps each topic's last", () => {
    const start = currentWriteSeq();
    markWritten(['run:a', 'run:b']);
    markWritten(['run:a']);
    expect(lastWriteOf('run:b')).toBe(start + 2);
    expect(lastWriteOf('run:a')).toBe(start + 3);
    expect(currentWriteSeq()).toBe(start + 3);
  });

  it('forgets the topics written longest ago, conservatively', () => {
    const start = currentWriteSeq();
    markWritten(['old']);
    markWritten(Array.from({ length: 10_000 }, (_, i) => `t${i}`));
    // Re-written just now: remembered as such, not forgotten.
    markWritten(['t0']);
    const oldWrittenAt = start + 1;
    expect(lastWriteOf('old')).toBeGreaterThanOrEqual(oldWrittenAt);
    expect(lastWriteOf('never written')).toBeGreaterThanOrEqual(oldWrittenAt);
    expect(lastWriteOf('t0')).toBe(currentWriteSeq());
    expect(lastWriteOf('t9999')).toBe(start + 10_001);
  });
});
