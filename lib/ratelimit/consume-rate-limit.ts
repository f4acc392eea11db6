// Fixed-window counters in PostgreSQL: one statement per check (an upsert that returns the
// count), on the database's clock, so every process and instance shares them. A fixed window
// lets a burst of up to twice the limit straddle a window's edge; that is the price of one
// round trip and one row per subject and minute.
import type { SqlClient } from '../db/sql.ts';
import { pool } from '../db/client.ts';
import type { RateLimit } from './rate-limits.ts';

export type RateLimitVerdict = { allowed: boolean; count: number; retryAfterSeconds: number };

const WINDOW = (seconds: string) => `to_timestamp(floor(extract(epoch from now()) / ${seconds}) * ${seconds})`;

/** Counts one more event for `subject` and says whether it is still within the limit. */
export async function consumeRateLimit(rule: RateLimit, subject: string, client: SqlClient = pool()): Promise<RateLimitVerdict> {
  const { rows } = await client.query<{ count: number; retry_after: number }>(
    `INSERT INTO rate_limit_counters (bucket, subject, window_start, count)
     VALUES ($1, $2, ${WINDOW('$3::int')}, 1)
     ON CONFLICT (bucket, subject, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
     RETURNING count, ceil(extract(epoch from window_start) + $3::int - extract(epoch from now()))::int AS retry_after`,
    [rule.bucket, subject, rule.windowSeconds],
  );
  return verdict(rule, rows[0].count, rows[0].retry_after, (count, limit) => count <= limit);
}

/** How many events `subject` has in the current window, without counting one. */
export async function peekRateLimit(rule: RateLimit, subject: string, client: SqlClient = pool()): Promise<RateLimitVerdict> {
  const { rows } = await client.query<{ count: number | null; retry_after: number }>(
    `SELECT (SELECT count FROM rate_limit_counters WHERE bucket = $1 AND subject = $2 AND window_start = ${WINDOW('$3::int')}) AS count,
            ceil(extract(epoch from ${WINDOW('$3::int')}) + $3::int - extract(epoch from now()))::int AS retry_after`,
    [rule.bucket, subject, rule.windowSeconds],
  );
  return verdict(rule, rows[0].count ?? 0, rows[0].retry_after, (count, limit) => count < limit);
}

function verdict(rule: RateLimit, count: number, retryAfter: number, within: (count: number, limit: number) => boolean): RateLimitVerdict {
  return { allowed: within(count, rule.limit), count, retryAfterSeconds: Math.max(1, retryAfter) };
}

/** Rows of windows that ended (gc): they can no longer refuse anything. */
export async function deleteExpiredRateLimits(client: SqlClient = pool()): Promise<number> {
  const { rowCount } = await client.query(`DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 hour'`);
  return rowCount ?? 0;
}
