// Counting SQL round trips: the queries sent through the shared pg pool while `fn` runs
// (Prisma's adapter uses the same pool), for tests that hold a page to a constant cost.
import { pool } from '../../lib/db/client.ts';
import { flushEvents } from '../../lib/events/publish-event.ts';

/** The result of `fn`, the number of queries it sent and their SQL texts. */
export async function countQueriesWithResult<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number; texts: string[] }> {
  // Live events a fixture's writes queued go out first: their pg_notify, sent 250 ms after
  // the write, landed among the counted statements of a slow `fn` (2 instead of 1 in a CI run
  // on a busy machine, write-metrics-checked.test.ts).
  await flushEvents();
  const shared = pool();
  const original = shared.query;
  const texts: string[] = [];
  shared.query = function (this: unknown, ...args: unknown[]) {
    texts.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string } | undefined)?.text ?? ''));
    return (original as (...a: unknown[]) => unknown).apply(shared, args);
  } as typeof original;
  try {
    return { result: await fn(), queries: texts.length, texts };
  } finally {
    shared.query = original;
  }
}

export async function countQueries(fn: () => Promise<unknown>): Promise<number> {
  return (await countQueriesWithResult(fn)).queries;
}
