// Counting SQL round trips: the queries sent through the shared pg pool while `fn` runs
// (Prisma's adapter uses the same pool), for tests that hold a page to a constant cost.
import { pool } from '../../lib/db/client.ts';

/** The result of `fn` and the number of queries it sent. */
export async function countQueriesWithResult<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const shared = pool();
  const original = shared.query;
  let queries = 0;
  shared.query = function (this: unknown, ...args: unknown[]) {
    queries++;
    return (original as (...a: unknown[]) => unknown).apply(shared, args);
  } as typeof original;
  try {
    return { result: await fn(), queries };
  } finally {
    shared.query = original;
  }
}

export async function countQueries(fn: () => Promise<unknown>): Promise<number> {
  return (await countQueriesWithResult(fn)).queries;
}
