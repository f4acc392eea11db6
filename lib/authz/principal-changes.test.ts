// The principal cache through a real PostgreSQL: off until the process listens for changes,
// then a hit until a change is announced from any connection (another Cairn instance), a
// rolled-back change announces nothing, a lost listener turns the cache off until it is back,
// and a load racing an invalidation is not stored.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { pool } from '../db/client.ts';
import { withTransaction } from '../db/sql.ts';
import { cachedPrincipal } from './principal-cache.ts';
import { announcePrincipalChange, forgetPrincipals, startPrincipalChangeListener } from './principal-changes.ts';
import type { UserPrincipal } from './principal.ts';

setupTestDatabase();

const principal = (userId: string, marker: string): UserPrincipal => ({ kind: 'user', userId, email: marker, isInstanceAdmin: false, memberships: new Map() });

/** A loader that counts its calls and answers with the current marker. */
function loader(userId: string) {
  const state = { loads: 0, marker: 'v1' };
  const load = async () => {
    state.loads++;
    return { principal: principal(userId, state.marker) };
  };
  return { state, get: async () => (await cachedPrincipal(`user:${userId}`, load))! };
}

/** A change announced from a connection of its own, as another Cairn instance would. */
async function announceElsewhere(users: string[] | 'everyone') {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await announcePrincipalChange(client, users);
  await client.end();
}

async function eventually(check: () => Promise<boolean>) {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('principal cache', () => {
  it('is off until the process listens for changes', async () => {
    const user = loader('u-off');
    await user.get();
    await user.get();
    expect(user.state.loads).toBe(2);
  });

  describe('while listening', () => {
    beforeAll(async () => {
      process.env.CAIRN_AUTH_CACHE_MS = '60000'; // only an invalidation can explain a reload
      await startPrincipalChangeListener();
    });
    afterAll(() => {
      delete process.env.CAIRN_AUTH_CACHE_MS;
    });

    it('answers from memory with copies until a change for that user arrives from any connection', async () => {
      const user = loader('u-1');
      const other = loader('u-2');
      const first = await user.get();
      await other.get();
      first.email = 'mutated by a caller';
      expect((await user.get()).email).toBe('v1');
      expect(user.state.loads).toBe(1);

      user.state.marker = 'v2';
      await announceElsewhere(['u-1']);
      await eventually(async () => (await user.get()).email === 'v2');
      expect(user.state.loads).toBe(2);
      await other.get();
      expect(other.state.loads).toBe(1);

      await announceElsewhere('everyone');
      await eventually(async () => (await other.get(), other.state.loads === 2));
    });

    it('forgets at once in this process, and a rolled-back change announces nothing', async () => {
      const user = loader('u-3');
      await user.get();
      void forgetPrincipals(['u-3']); // drops at once (the wait for the echo is what follows)
      await user.get();
      expect(user.state.loads).toBe(2);

      await withTransaction(async (client) => {
        await announcePrincipalChange(client, ['u-3']);
        await client.query('ROLLBACK'); // withTransaction's COMMIT then finds no transaction
      }).catch(() => undefined);
      await announceElsewhere(['somebody-else']); // arrives after anything the rollback could have sent
      const marker = loader('somebody-else');
      await marker.get();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await user.get();
      expect(user.state.loads).toBe(2);
    });

    it("waits after a committed change until this process heard it, as every other process hears it", async () => {
      const user = loader('u-echo');
      await user.get();
      await withTransaction((client) => announcePrincipalChange(client, ['u-echo', 'u-other']));
      const started = Date.now();
      await forgetPrincipals(['u-echo']);
      expect(Date.now() - started).toBeLessThan(400); // the echo came, not the 500 ms timeout
      await user.get();
      expect(user.state.loads).toBe(2);
    });

    it('does not store a load that raced an invalidation', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let loads = 0;
      const load = async () => {
        loads++;
        await gate;
        return { principal: principal('u-race', `load ${loads}`) };
      };
      const racing = cachedPrincipal('user:u-race', load);
      void forgetPrincipals(['u-race']); // the change commits while the old principal is being read
      release();
      await racing;
      await cachedPrincipal('user:u-race', load);
      expect(loads).toBe(2);
    });

    it('turns off while the listening connection is lost, and on again once it is back', async () => {
      const user = loader('u-4');
      await user.get();
      await pool().query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`);
      await eventually(async () => (await user.get(), user.state.loads >= 2)); // off: every call loads
      await user.get();
      await eventually(async () => {
        const before = user.state.loads;
        await user.get();
        await user.get();
        return user.state.loads === before + 1; // back on: the second call hit
      });
    });
  });
});
