// Helpers for raw, parameterised SQL on the shared pool. Hot paths (metric ingestion,
// history, search) use these with set-based statements: never a query per row.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { pool } from './client.ts';

export type SqlClient = Pick<pg.PoolClient, 'query'>;

/** Run `fn` in one transaction on one connection; rolls back on any error. */
export async function withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function query<R extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const result = await pool().query<R>(text, values);
  return result.rows;
}

const statementNames = new Map<string, string>();

/**
 * `query` as a named (prepared) statement: each pooled connection parses it once, and after
 * five runs PostgreSQL may keep a generic plan, so later runs skip planning too. For hot
 * statements whose text is fixed and whose best plan does not depend on the parameters'
 * values: the run views' (planning cost three times their execution, bench/requests). Not for
 * statements like walk-lineage.ts's, whose generic plan is far slower.
 */
export async function queryPrepared<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  let name = statementNames.get(text);
  if (!name) {
    name = `cairn-${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  const result = await pool().query<R>({ name, text, values });
  return result.rows;
}
