import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight.ts';

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
});
