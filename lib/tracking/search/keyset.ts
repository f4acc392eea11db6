// Keyset pagination for searches ordered by several keys with mixed directions and
// "missing last" semantics, and the opaque page tokens that carry the last row's keys.
//
// Each sort key is an SQL expression with a direction. A key whose value can be missing
// (NULL, or NaN for floats) gets a rank column sorted first: 0 = has a value, 1 = NaN,
// 2 = missing, always ascending, so NaN and missing rows come last whichever the
// direction — what MLflow's SQL store does with its CASE columns. The next page starts
// strictly after the last row in that lexicographic order; a final unique key (the id)
// makes the order total, so every row appears on exactly one page.
import { createHash } from 'node:crypto';
import { badInput } from '../../errors.ts';

export type SortType = 'float8' | 'int8' | 'text';

export type SortKey = {
  /** SQL over the search's FROM clause; any user text in it is already a bind parameter. */
  expression: string;
  type: SortType;
  descending: boolean;
  /** NULL (and NaN for float8) sort after every value in both directions. */
  missingLast: boolean;
};

/** One key of the last row: a value, or [rank, value] for missing-last keys. */
type CursorEntry = string | [number, string | null];

/** Bind parameters collected while compiling; placeholders carry casts so PostgreSQL never guesses. */
export class SqlValues {
  readonly values: unknown[] = [];

  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

export type SearchRow = Record<string, unknown>;

export const RANK_HAS_VALUE = 0;
const RANK_NAN = 1;
const RANK_MISSING = 2;

const valueColumn = (i: number) => `k${i}`;
const rankColumn = (i: number) => `r${i}`;

function rankExpression(key: SortKey): string {
  const nan = key.type === 'float8' ? ` WHEN ${key.expression} = 'NaN'::float8 THEN ${RANK_NAN}` : '';
  return `CASE WHEN ${key.expression} IS NULL THEN ${RANK_MISSING}${nan} ELSE ${RANK_HAS_VALUE} END`;
}

/** `expr AS k0, CASE ... END AS r0, ...`: the columns the page query selects for ordering. */
export function sortColumns(keys: readonly SortKey[]): string {
  return keys
    .flatMap((key, i) => [
      `${key.expression} AS ${valueColumn(i)}`,
      ...(key.missingLast ? [`${rankExpression(key)} AS ${rankColumn(i)}`] : []),
    ])
    .join(', ');
}

/** ORDER BY over the sort columns (optionally qualified by a table alias). */
export function orderByColumns(keys: readonly SortKey[], qualifier = ''): string {
  return keys
    .flatMap((key, i) => [
      ...(key.missingLast ? [`${qualifier}${rankColumn(i)}`] : []),
      `${qualifier}${valueColumn(i)}${key.descending ? ' DESC' : ''}`,
    ])
    .join(', ');
}

/**
 * The condition (over the sort columns) selecting rows strictly after `cursor`:
 * OR over j of (columns before j equal AND column j beyond the cursor in its direction).
 * Within a rank of NaN or missing values every value is equal, so the value is skipped.
 */
export function afterCursor(keys: readonly SortKey[], cursor: readonly CursorEntry[], sql: SqlValues): string {
  const atoms: { column: string; descending: boolean; placeholder: string }[] = [];
  keys.forEach((key, i) => {
    const entry = cursor[i];
    if (key.missingLast) {
      const [rank, value] = entry as [number, string | null];
      atoms.push({ column: rankColumn(i), descending: false, placeholder: sql.add(rank, 'int4') });
      if (rank === RANK_HAS_VALUE) atoms.push({ column: valueColumn(i), descending: key.descending, placeholder: sql.add(value, key.type) });
    } else {
      atoms.push({ column: valueColumn(i), descending: key.descending, placeholder: sql.add(entry, key.type) });
    }
  });
  const alternatives = atoms.map((atom, j) => {
    const equalBefore = atoms.slice(0, j).map((a) => `${a.column} = ${a.placeholder}`);
    const beyond = `${atom.column} ${atom.descending ? '<' : '>'} ${atom.placeholder}`;
    return [...equalBefore, beyond].join(' AND ');
  });
  return `(${alternatives.map((a) => `(${a})`).join(' OR ')})`;
}

// pg returns float8 as a number (String keeps every digit and ±Infinity), int8 and text as strings.
const cursorValue = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** The last row's keys, as the next page token carries them. */
function cursorOf(keys: readonly SortKey[], row: SearchRow): CursorEntry[] {
  return keys.map((key, i) => {
    const value = cursorValue(row[valueColumn(i)]);
    if (!key.missingLast) return value ?? '';
    const rank = Number(row[rankColumn(i)]);
    return [rank, rank === RANK_HAS_VALUE ? value : null];
  });
}

/** A short digest of everything that shapes a search, so a token only fits its own query. */
export function searchHash(shape: unknown): string {
  return createHash('sha256').update(JSON.stringify(shape)).digest('base64url').slice(0, 22);
}

type TokenBody = { q: string; k: CursorEntry[] };

export function encodePageToken(hash: string, keys: readonly SortKey[], row: SearchRow): string {
  const body: TokenBody = { q: hash, k: cursorOf(keys, row) };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

const FLOAT = /^(-?Infinity|-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?)$/i;
const INT8 = /^-?\d{1,19}$/;

function validValue(type: SortType, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (type === 'float8') return FLOAT.test(value);
  if (type === 'int8') return INT8.test(value);
  return true;
}

function validEntry(key: SortKey, entry: unknown): boolean {
  if (!key.missingLast) return validValue(key.type, entry);
  if (!Array.isArray(entry) || entry.length !== 2) return false;
  const [rank, value] = entry as unknown[];
  if (rank === RANK_HAS_VALUE) return validValue(key.type, value);
  return (rank === RANK_MISSING || (rank === RANK_NAN && key.type === 'float8')) && value === null;
}

const invalidToken = (why: string) => badInput(`Invalid page token: ${why}`);

/** The cursor in a page token, checked against the search it must belong to. */
export function decodePageToken(token: string, hash: string, keys: readonly SortKey[]): CursorEntry[] {
  let body: Partial<TokenBody>;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
  } catch {
    throw invalidToken('it is not a token this server issued');
  }
  if (typeof body !== 'object' || body === null || typeof body.q !== 'string' || !Array.isArray(body.k)) {
    throw invalidToken('it is not a token this server issued');
  }
  if (body.q !== hash) throw invalidToken('it belongs to a different search (filter, order, scope or view type changed)');
  const entries = body.k;
  if (entries.length !== keys.length || !keys.every((key, i) => validEntry(key, entries[i]))) {
    throw invalidToken('it is damaged');
  }
  return entries;
}

/** The page (first `pageSize` rows) and the token for the next one, if a further row came back. */
export function readPage(
  rows: readonly SearchRow[],
  pageSize: number,
  hash: string,
  keys: readonly SortKey[],
): { rows: SearchRow[]; nextPageToken?: string } {
  const page = rows.slice(0, pageSize);
  if (rows.length <= pageSize || page.length === 0) return { rows: page };
  return { rows: page, nextPageToken: encodePageToken(hash, keys, page[page.length - 1]) };
}

export type KeysetSearch = {
  /** SQL for the row id (selected as `id`). */
  id: string;
  /** FROM clause, joins included. */
  from: string;
  /** Conditions ANDed together; user text in them must already be bind parameters of `sql`. */
  conditions: readonly string[];
  keys: readonly SortKey[];
  /** searchHash of everything that shapes the search. */
  hash: string;
  pageToken?: string | null;
  pageSize: number;
  sql: SqlValues;
};

/**
 * The query of one page of a keyset search (its rows after the page token's cursor, in key
 * order, one extra row to tell whether another page follows) and the reader of its result.
 */
export function keysetPageQuery(search: KeysetSearch): { text: string; values: unknown[]; readIds(rows: readonly SearchRow[]): { ids: string[]; nextPageToken?: string } } {
  const { keys, hash, sql } = search;
  const cursor = search.pageToken ? decodePageToken(search.pageToken, hash, keys) : null;
  const after = cursor ? `WHERE ${afterCursor(keys, cursor, sql)}` : '';
  const limit = sql.add(search.pageSize + 1, 'int4');
  const text = `SELECT * FROM (
  SELECT ${search.id} AS id, ${sortColumns(keys)} FROM ${search.from}
  WHERE ${search.conditions.join(' AND ')}
) matched ${after}
ORDER BY ${orderByColumns(keys)}
LIMIT ${limit}`;
  return {
    text,
    values: sql.values,
    readIds(rows) {
      const page = readPage(rows, search.pageSize, hash, keys);
      return { ids: page.rows.map((row) => String(row.id)), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
    },
  };
}
