import { describe, expect, it } from 'vitest';
import { markWritten } from '../events/local-writes.ts';
import { singleFlight } from './single-flight.ts';

/** A computation that ends when told to, numbered in the order computations started. */
function controlled() {
  let started = 0;
  const finishers: (() => void)[] = [];
  const compute = () => {
    const n = ++started;
    return new Promise<number>((resolve) => finishers.push(() => resolve(n)));
  };
  return { compute, finishAll: () => finishers.splice(0).forEach((finish) => finish()) };
}

describe('singleFlight', () => {
  it('shares one computation among concurrent callers of a key, and computes again afterwards', async () => {
    const once = singleFlight<number>();
    let computed = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++computed), 20));
    const [a, b, c] = await Promise.all([once('k', slow), once('k', slow), once('other', slow)]);
    expect([a, b]).toEqual([1, 1]);
    expect(c).toBe(2);
    expect(await once('k', slow)).toBe(3);
  });

  it('does not keep a failure', async () => {
    const once = singleFlight<number>();
    await expect(once('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await once('k', async () => 7)).toBe(7);
  });

  it("does not hand a caller a computation that began before its key's topic was last written", async () => {
    const once = singleFlight<number>({ writtenAs: (key) => `topic:${key}` });
    const { compute, finishAll } = controlled();
    const before = once('k', compute);
    const alongside = once('k', compute);
    // Another key's topic written: no reason not to share.
    markWritten(['topic:other']);
    const afterOtherWrite = once('k', compute);
    markWritten(['topic:k']);
    const afterWrite = once('k', compute);
    const later = once('k', compute);
    finishAll();
    expect(await Promise.all([before, alongside, afterOtherWrite, afterWrite, later])).toEqual([1, 1, 1, 2, 2]);
  });

  it('keeps the newer computation for the callers to come when the older one ends first', async () => {
    const once = singleFlight<number>({ writtenAs: (key) => `topic:${key}` });
    const first = controlled();
    const second = controlled();
    const older = once('k', first.compute);
    markWritten(['topic:k']);
    const newer = once('k', second.compute);
    first.finishAll();
    await older;
    // The older one's end must not drop the newer one, which a caller now still joins.
    const joined = once('k', () => Promise.resolve(-1));
    second.finishAll();
    expect([await newer, await joined]).toEqual([1, 1]);
  });
});
