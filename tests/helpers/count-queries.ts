// Counting SQL round trips: the queries sent through the shared pg pool while `fn` runs
// (Prisma's adapter uses the same pool), for tests that hold a page to a constant cost.
import { pool } from '../../lib/db/client.ts';

export async function countQueries(fn: () => Promise<unknown>): Promise<number> {
  const shared = pool();
  const original = shared.query;
  let count = 0;
  shared.query = function (this: unknown, ...args: unknown[]) {
    count++;
    return (original as (...a: unknown[]) => unknown).apply(shared, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    shared.query = original;
  }
  return count;
}
