// Two Cairn instances (each its own primary and server processes, own data dir) on one
// database, as behind a load balancer: a client moving between them sees one state. Sessions
// and API tokens work on both; revoking a token, changing a role, removing a member and
// "sign out everywhere" done through one instance hold on the other at once, although its
// principal cache would keep the old answer for ten minutes (CAIRN_AUTH_CACHE_MS); a write
// through one reaches a live page connected to the other. (Rate limits do not exist yet.)
// Runs the production build, so it needs one (`npm test` builds first).
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../helpers/database.ts';
import { createTokenFixture, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { hasProductionBuild, setupInstances, type StartedServer } from '../helpers/server-process.ts';

const hasBuild = hasProductionBuild();
const database = setupTestDatabase();
let world: TeamWorld;
const instances = setupInstances(2, () => ({ DATABASE_URL: database.url, CAIRN_AUTH_CACHE_MS: '600000' }), {
  beforeStart: async () => {
    world = await teamWorld();
  },
});
let a: StartedServer;
let b: StartedServer;
beforeAll(() => {
  [a, b] = instances;
});

type Auth = { cookie: string } | { token: string };
const headersOf = (auth: Auth): Record<string, string> => ('cookie' in auth ? { cookie: auth.cookie } : { authorization: `Bearer ${auth.token}` });

async function graphql(server: StartedServer, auth: Auth, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${server.baseUrl}/api/graphql`, {
    method: 'POST',
    headers: { ...headersOf(auth), 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

const viewerEmail = async (server: StartedServer, auth: Auth) => {
  const reply = await graphql(server, auth, '{ viewer { email teams { role team { id } } } }');
  return reply.data?.viewer ?? reply.errors?.[0]?.extensions?.code;
};

async function mlflow(server: StartedServer, auth: Auth, endpoint: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}/api/2.0/mlflow/${endpoint}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...headersOf(auth), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** The change must show on the other instance at once; a short grace covers only the network. */
async function soon<T>(read: () => Promise<T>, expected: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 2_000;
  for (;;) {
    const value = await read();
    if (expected(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!hasBuild)('two instances on one database', () => {
  it('share sessions, and "sign out everywhere" through one ends the session on the other', async () => {
    const cookie = { cookie: world.cookies.viewer };
    expect((await viewerEmail(a, cookie)).email).toBe(world.users.viewer.email);
    expect((await viewerEmail(b, cookie)).email).toBe(world.users.viewer.email); // now cached on b
    const signedOut = await graphql(a, cookie, 'mutation { signOutEverywhere }');
    expect(signedOut.errors).toBeUndefined();
    expect(await soon(() => viewerEmail(b, cookie), (v) => v === 'UNAUTHENTICATED')).toBe('UNAUTHENTICATED');
    expect(await viewerEmail(a, cookie)).toBe('UNAUTHENTICATED');
  });

  it('share tokens and what they write; a token revoked through one is refused by the other', async () => {
    const { token, id } = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'WRITE' });
    const created = await mlflow(a, { token }, 'runs/create', { experiment_id: '0', run_name: 'moves between instances', start_time: 1 });
    expect(created.status).toBe(200);
    const runId = created.body.run.info.run_id;
    await mlflow(a, { token }, 'runs/log-metric', { run_id: runId, key: 'loss', value: 0.5, timestamp: 1, step: 3 });
    const seen = await mlflow(b, { token }, `runs/get?run_id=${runId}`); // cached on b from here on
    expect(seen.body.run.data.metrics).toEqual([{ key: 'loss', value: 0.5, timestamp: 1, step: 3 }]);

    const revoked = await graphql(a, { cookie: world.cookies.member }, 'mutation($id: ID!) { revokeApiToken(id: $id) }', { id });
    expect(revoked.data?.revokeApiToken).toBe(true);
    const afterwards = await soon(() => mlflow(b, { token }, `runs/get?run_id=${runId}`), (r) => r.status === 401);
    expect(afterwards.status).toBe(401);
    expect(afterwards.body.error_code).toBe('UNAUTHENTICATED');
  });

  it('a role lowered through one instance no longer writes through the other; a removed member is gone from both', async () => {
    const { token } = await createTokenFixture({ userId: world.users.admin.id, teamId: world.team.id, scope: 'WRITE' });
    const admin = { token };
    expect((await mlflow(b, admin, 'experiments/create', { name: 'before the change' })).status).toBe(200);
    const owner = { cookie: world.cookies.owner };
    const lowered = await graphql(a, owner, 'mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }', {
      input: { teamId: world.team.id, userId: world.users.admin.id, role: 'VIEWER' },
    });
    expect(lowered.data?.changeMemberRole.role).toBe('VIEWER');
    const refused = await soon(() => mlflow(b, admin, 'experiments/create', { name: `after the change ${Date.now()}` }), (r) => r.status === 403);
    expect(refused.body.error_code).toBe('PERMISSION_DENIED');
    expect((await mlflow(b, admin, 'experiments/search', { max_results: 10 })).status).toBe(200); // still a reader

    const removed = await graphql(a, owner, 'mutation($input: RemoveMemberInput!) { removeMember(input: $input) }', {
      input: { teamId: world.team.id, userId: world.users.admin.id },
    });
    expect(removed.data?.removeMember).toBe(true);
    const gone = await soon(() => mlflow(b, admin, 'experiments/search', { max_results: 10 }), (r) => r.status === 401);
    expect(gone.status).toBe(401);
    const session = await soon(() => viewerEmail(b, { cookie: world.cookies.admin }), (v) => Array.isArray(v?.teams) && v.teams.length === 0);
    expect(session.teams).toEqual([]);
  });

  it('a write through one instance reaches a live page connected to the other', async () => {
    const { token } = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'WRITE' });
    const runId = (await mlflow(a, { token }, 'runs/create', { experiment_id: '0', start_time: 1 })).body.run.info.run_id;
    const abort = new AbortController();
    const stream = await fetch(`${b.baseUrl}/api/events?topics=run:${runId}`, { headers: { cookie: world.cookies.member }, signal: abort.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const heard = (async () => {
      while (!received.includes('event: change')) {
        const { value, done } = await reader.read();
        if (done) return;
        received += decoder.decode(value);
        if (received.includes('retry:') && !received.includes('wrote')) {
          received += 'wrote';
          await mlflow(a, { token }, 'runs/log-metric', { run_id: runId, key: 'acc', value: 0.9, timestamp: 2, step: 1 });
        }
      }
    })();
    await Promise.race([heard, new Promise((_, reject) => setTimeout(() => reject(new Error(`no event; stream so far: ${received}`)), 10_000))]);
    abort.abort();
    expect(received).toContain(`run:${runId}`);
  });
});
