// Shared by the property-based tests (fast-check): how many cases to try, and a fingerprint
// of everything the database holds, to prove that a refused request wrote nothing.
import fc from 'fast-check';
import { query } from '../../lib/db/sql.ts';

/**
 * Cases per property: enough to find the bugs these found, few enough to keep npm test
 * short (over HTTP to the built server each case is a request). CAIRN_FUZZ_RUNS raises it for
 * a longer hunt; CAIRN_FUZZ_SEED replays a failure fast-check reported.
 */
export function fuzzOptions(inProcessRuns: number, serverRuns = Math.ceil(inProcessRuns / 2)): fc.Parameters<unknown> {
  const runs = Number(process.env.CAIRN_FUZZ_RUNS) || (process.env.CAIRN_TEST_TARGET === 'server' ? serverRuns : inProcessRuns);
  const seed = process.env.CAIRN_FUZZ_SEED ? Number(process.env.CAIRN_FUZZ_SEED) : undefined;
  return { numRuns: runs, ...(seed !== undefined ? { seed } : {}), endOnFailure: true };
}

/** A property's time limit: generous for long hunts (CAIRN_FUZZ_RUNS); the default runs take seconds. */
export const FUZZ_TIMEOUT = process.env.CAIRN_FUZZ_RUNS ? 30 * 60_000 : 180_000;

/** Columns that change on reads by design (a token's last use), left out of the fingerprint. */
const VOLATILE: Record<string, string[]> = { api_tokens: ['last_used_at'] };

/**
 * Tables that count attempts, refused ones included, by design: rate-limit counters (a refused
 * invitation redemption still counts towards its address's limit).
 */
const ATTEMPT_COUNTERS = ['rate_limit_counters'];

/** Each table's rows, digested: equal fingerprints mean nothing was written. */
export async function databaseFingerprint(): Promise<Record<string, string>> {
  const tables = await query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' AND NOT (table_name = ANY($1::text[])) ORDER BY 1`,
    [ATTEMPT_COUNTERS],
  );
  const parts = tables.map(({ table_name: table }) => {
    const row = VOLATILE[table] ? `(to_jsonb(t) - ARRAY[${VOLATILE[table].map((c) => `'${c}'`).join(', ')}])::text` : 't::text';
    return `SELECT '${table}' AS name, count(*)::text || ':' || coalesce(md5(string_agg(${row}, E'\\n' ORDER BY ${row})), '') AS digest FROM "${table}" t`;
  });
  const rows = await query<{ name: string; digest: string }>(parts.join(' UNION ALL '));
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}

/** Strings that break naive parsers and decoders, mixed with arbitrary ones. */
export const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      "'",
      '"',
      '`',
      '\\',
      '%',
      '%%',
      '%00',
      '%2e%2e',
      '..',
      '../../etc/passwd',
      '\u0000',
      '\n',
      '\ud800',
      '💥',
      'NaN',
      'Infinity',
      '-0',
      '1e309',
      '9223372036854775808',
      '-9223372036854775809',
      'null',
      'true',
      '[]',
      '{}',
      '<script>',
      "' OR 1=1 --",
      '$1',
      'x'.repeat(10_000),
    ),
  },
);
