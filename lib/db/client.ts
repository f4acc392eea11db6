// The one database client. Prisma for ordinary reads and writes; the same pg pool
// for set-based SQL on hot paths (see lib/db/sql.ts). Created lazily so scripts and
// tests can set DATABASE_URL before first use.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.ts';

type Handles = { pool: pg.Pool; prisma: PrismaClient };
const globalKey = Symbol.for('cairn.db');
const store = globalThis as unknown as { [globalKey]?: Handles };

// BIGINT (int8) columns come back as JS BigInt-safe strings by default; metric steps
// and timestamps fit in a double for every realistic value, so parse them as numbers
// only where callers ask for it (see sql.ts). Float8 NaN/Infinity parse natively.

function open(): Handles {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start Cairn with `npm start` or set it to a PostgreSQL URL');
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.CAIRN_DB_POOL_SIZE ?? 10),
    // Prisma keeps DateTime in UTC in timestamp columns; raw SQL's now() must agree
    // whatever time zone the server was initialised with. random_page_cost: PostgreSQL's
    // default (4) prices an index probe for spinning disks; at 1.1 (the usual setting for SSDs
    // and cached data) the planner walks an index in order and stops after a page where it
    // would otherwise sort every run of a project (run search ordered by a metric: ~25 ms
    // instead of ~300 ms at 100,000 runs).
    options: '-c TimeZone=UTC -c random_page_cost=1.1',
  });
  // An idle connection dropped by the server (restart, failover) must not crash the
  // process; the pool replaces it and the next query reports any real outage.
  pool.on('error', (error) => console.warn(`[cairn] database connection lost: ${error.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma };
}

function handles(): Handles {
  return (store[globalKey] ??= open());
}

/** Prisma client (lazy). */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = handles().prisma;
    const value = Reflect.get(client, prop, client);
    return typeof value === 'function' ? value.bind(client) : value;
  },
});

/** The pg pool under Prisma, for set-based SQL. */
export function pool(): pg.Pool {
  return handles().pool;
}

const closeHooksKey = Symbol.for('cairn.db.closeHooks');
const hookStore = globalThis as unknown as { [closeHooksKey]?: Set<() => Promise<void>> };

/** Something else holding connections to the same database (the event listener) closes with the pool. */
export function onCloseDb(close: () => Promise<void>): void {
  (hookStore[closeHooksKey] ??= new Set()).add(close);
}

/** Close connections (scripts and tests). */
export async function closeDb(): Promise<void> {
  const hooks = [...(hookStore[closeHooksKey] ?? [])];
  hookStore[closeHooksKey]?.clear();
  await Promise.all(hooks.map((close) => close().catch(() => undefined)));
  const h = store[globalKey];
  if (!h) return;
  delete store[globalKey];
  await h.prisma.$disconnect();
  await h.pool.end().catch(() => undefined);
}

export type { PrismaClient };
export * from './generated/enums.ts';
