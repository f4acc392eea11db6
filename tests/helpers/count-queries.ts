// Counts the SQL queries sent through the shared pg pool (Prisma's adapter uses it too)
// while `fn` runs, for "a page of N costs a constant number of queries" tests.
import { pool } from '../../lib/db/client.ts';

export async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
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
