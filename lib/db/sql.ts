// Helpers for raw, parameterised SQL on the shared pool. Hot paths (metric ingestion,
// history, search) use these with set-based statements: never a query per row.
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
