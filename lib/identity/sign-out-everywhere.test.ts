// "Sign out everywhere" over HTTP: every session cookie of the person stops working on its
// very next request (GraphQL, REST, Auth.js's own session endpoint, pages), API tokens keep
// working, a fresh sign-in works, and the event is in the audit trail with the client address.
import { describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { setupTestApp } from '../../tests/helpers/app.ts';
import { createUserFixture, sessionCookieFor, teamWorld } from '../../tests/helpers/fixtures.ts';
import { gql } from '../../tests/graphql/client.ts';
import { CLIENT_ADDRESS_HEADER } from '../http/client-address.ts';
import { signOutEverywhere } from './sign-out-everywhere.ts';
import { system } from '../authz/index.ts';

const app = setupTestApp();
const serverMode = process.env.CAIRN_TEST_TARGET === 'server';

const viewerId = async (cookie: string) => (await gql<{ viewer: { id: string } }>(app, '{ viewer { id } }', {}, { cookie })).data?.viewer.id ?? null;

describe('signOutEverywhere', () => {
  it('ends every session of the person on its next request, and only theirs', async () => {
    const world = await teamWorld();
    const laptop = world.cookies.member;
    const phone = await sessionCookieFor(world.users.member);
    const colleague = world.cookies.admin;
    expect(await viewerId(laptop)).toBe(world.users.member.id);
    expect(await viewerId(phone)).toBe(world.users.member.id);

    const result = await gql(app, 'mutation { signOutEverywhere }', {}, { cookie: laptop });
    expect(result).toMatchObject({ code: 'OK', data: { signOutEverywhere: true } });

    for (const cookie of [laptop, phone]) {
      expect(await viewerId(cookie)).toBeNull();
      expect((await gql(app, '{ viewer { id } }', {}, { cookie })).code).toBe('UNAUTHENTICATED');
      const rest = await app.fetch('/api/2.0/mlflow/experiments/search', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(rest.status).toBe(401);
    }
    // Someone else's session, and the person's API tokens, are untouched.
    expect(await viewerId(colleague)).toBe(world.users.admin.id);
    expect((await gql(app, '{ viewer { id } }', {}, { token: world.tokens.read })).data).toEqual({ viewer: { id: world.users.member.id } });
    // A session issued after (a new sign-in) works.
    expect(await viewerId(await sessionCookieFor(world.users.member))).toBe(world.users.member.id);
  });

  it("makes Auth.js clear the old session instead of renewing it", async () => {
    const { user } = await createUserFixture();
    const cookie = await sessionCookieFor(user);
    const before = await app.fetch('/api/auth/session', { headers: { cookie } });
    expect(((await before.json()) as { user?: { email?: string } } | null)?.user?.email).toBe(user.email);
    await signOutEverywhere(system, { userId: user.id });
    const after = await app.fetch('/api/auth/session', { headers: { cookie } });
    expect(await after.json()).toBeNull();
    // The stale cookie is expired by the response, not re-issued.
    const cleared = after.headers.getSetCookie().find((line) => line.startsWith('authjs.session-token='));
    expect(cleared).toMatch(/^authjs\.session-token=;.*Max-Age=0/i);
  });

  it.skipIf(!serverMode)('sends a signed-out-everywhere browser to sign-in on pages', async () => {
    const world = await teamWorld();
    const cookie = world.cookies.viewer;
    const page = () => app.fetch(`/t/${world.team.slug}/projects`, { redirect: 'manual', headers: { cookie } });
    expect((await page()).status).toBe(200);
    await signOutEverywhere(system, { userId: world.users.viewer.id });
    const response = await page();
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toContain('/sign-in');
  });

  it('is for sessions: a token cannot sign its person out, nor a member someone else; instance admins can', async () => {
    const world = await teamWorld();
    expect((await gql(app, 'mutation { signOutEverywhere }', {}, { token: world.tokens.write })).code).toBe('FORBIDDEN');
    expect((await gql(app, 'mutation($id: ID) { signOutEverywhere(userId: $id) }', { id: world.users.viewer.id }, { cookie: world.cookies.owner })).code).toBe('FORBIDDEN');
    expect((await gql(app, 'mutation { signOutEverywhere }', {}, null)).code).toBe('UNAUTHENTICATED');
    expect(await viewerId(world.cookies.viewer)).toBe(world.users.viewer.id);

    const { user: root } = await createUserFixture({ isInstanceAdmin: true });
    const asRoot = { cookie: await sessionCookieFor(root) };
    expect((await gql(app, 'mutation($id: ID) { signOutEverywhere(userId: $id) }', { id: 'no-such-user' }, asRoot)).code).toBe('NOT_FOUND');
    expect((await gql(app, 'mutation($id: ID) { signOutEverywhere(userId: $id) }', { id: world.users.viewer.id }, asRoot)).code).toBe('OK');
    expect(await viewerId(world.cookies.viewer)).toBeNull();
    expect(await viewerId(asRoot.cookie)).toBe(root.id);
  });

  it('is recorded in the audit trail with the actor, the target and the client address', async () => {
    const { user } = await createUserFixture();
    const cookie = await sessionCookieFor(user);
    // In-process requests carry no stamped address; the server stamps the TCP peer's.
    const response = await app.fetch('/api/graphql', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', [CLIENT_ADDRESS_HEADER]: '203.0.113.9' },
      body: JSON.stringify({ query: 'mutation { signOutEverywhere }' }),
    });
    expect(response.status).toBe(200);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.sign_out_everywhere', targetId: user.id } });
    expect(event).toMatchObject({ actorId: user.id, actorEmail: user.email, targetType: 'User', metadata: { email: user.email, sessionVersion: 1 } });
    // The server replaces a client's claim with the address it really sees.
    expect(event.ip).toBe(serverMode ? '127.0.0.1' : '203.0.113.9');
  });
});
