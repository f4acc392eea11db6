// The edge rules on the built server: two Cairn instances (each a primary and its server
// processes) on one database, as behind a load balancer. Rate-limit counters live in
// PostgreSQL, so a flood spread over both is counted once: failed sign-ins per address through
// Auth.js, an API token's requests over MLflow REST and GraphQL, invitation redemptions. Pages
// carry the CSP nonce Next put on its scripts; share pages keep no-referrer; a rebound host is
// refused; a cross-site GraphQL mutation with the session cookie is refused.
// Runs the production build, so it needs one (`npm test` builds first).
import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../helpers/database.ts';
import { createTokenFixture, createUserFixture, principalFor, sessionCookieFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { hasProductionBuild, setupInstances, type StartedServer } from '../helpers/server-process.ts';
import { signInWithPassword } from '../helpers/sign-in.ts';
import type { TestApp } from '../helpers/app.ts';
import { db } from '../../lib/db/client.ts';
import { MLFLOW_VERSIONS, runScenario } from '../mlflow-client/harness.ts';
import { tokenKey } from '../../lib/runtime/guard-request.ts';
import { createInvitation } from '../../lib/teams/create-invitation.ts';
import { createShareLink } from '../../lib/sharing/create-share-link.ts';

const hasBuild = hasProductionBuild();
const database = setupTestDatabase();
let world: TeamWorld;
const LIMITS = { CAIRN_RATE_LIMIT_SIGNIN_PER_MINUTE: '4', CAIRN_RATE_LIMIT_TOKEN_PER_MINUTE: '6', CAIRN_RATE_LIMIT_INVITATION_PER_MINUTE: '2' };
// One trusted proxy: each test speaks from its own address (X-Forwarded-For), so the
// per-address counters of one test do not reach another's.
const instances = setupInstances(2, () => ({ DATABASE_URL: database.url, CAIRN_TRUST_PROXY: '1', ...LIMITS }), {
  beforeStart: async () => {
    world = await teamWorld();
  },
});
let a: StartedServer;
let b: StartedServer;
beforeAll(() => {
  [a, b] = instances;
});

/**
 * The counters are fixed one-minute windows on the clock (lib/ratelimit/consume-rate-limit.ts):
 * a test that fills one and expects the next request refused starts where the window has at
 * least `roomMs` left, or a window's edge inside the test resets the count (a CI run's 7th
 * token request, 4.3 s into a busy test, was answered 200).
 */
async function withRoomInTheWindow(roomMs = 15_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < roomMs) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

const appOf = (server: StartedServer, address: string): TestApp =>
  ({ fetch: (p: string, init: RequestInit = {}) => fetch(`${server.baseUrl}${p}`, { ...init, headers: { 'x-forwarded-for': address, ...(init.headers as Record<string, string>) } }) }) as TestApp;

describe.skipIf(!hasBuild)('edge rules on two instances sharing one database', () => {
  it('failed sign-ins from one address, spread over both instances, end in 429 + Retry-After on both', async () => {
    const { user, password } = await createUserFixture();
    const flood = '192.0.2.10';
    await withRoomInTheWindow();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await signInWithPassword(appOf(i % 2 ? b : a, flood), user.email, 'wrong password')).response.status);
    expect(statuses.every((status) => status !== 429)).toBe(true);
    for (const server of [a, b]) {
      const { response } = await signInWithPassword(appOf(server, flood), user.email, password); // even the right password
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      const body = (await response.json()) as { url: string; error: { code: string } };
      expect(body.error.code).toBe('RATE_LIMITED');
      expect(new URL(body.url).searchParams.get('code')).toBe('rate_limited');
    }
    // Another address signs in as usual.
    const { cookies } = await signInWithPassword(appOf(b, '192.0.2.11'), user.email, password);
    expect(cookies.get('authjs.session-token')).toBeTruthy();
  });

  it("an API token's requests are counted across instances: 429 in MLflow's shape and in GraphQL's", async () => {
    const { token } = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'WRITE' });
    const search = (server: StartedServer) =>
      fetch(`${server.baseUrl}/api/2.0/mlflow/experiments/search`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"max_results":1}' });
    await withRoomInTheWindow();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await search(i % 2 ? a : b)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const refused = await search(a);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { error_code: string }).error_code).toBe('REQUEST_LIMIT_EXCEEDED');
    const graphql = await fetch(`${b.baseUrl}/api/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"query":"{ viewer { email } }"}' });
    expect(graphql.status).toBe(429);
    expect(((await graphql.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
    // Sessions are not tokens: the member's pages keep working.
    const session = await fetch(`${a.baseUrl}/api/graphql`, { method: 'POST', headers: { cookie: world.cookies.member, 'content-type': 'application/json' }, body: '{"query":"{ viewer { email } }"}' });
    expect(session.status).toBe(200);
  });

  it('the real MLflow client, past its token\'s limit, waits as Retry-After asks and logs everything', async () => {
    const results = await Promise.all(
      MLFLOW_VERSIONS.map(async (version) => {
        const { token } = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'WRITE' });
        // The client's own retry policy (the other client tests turn retries off).
        const run = await runScenario<{ run_id: string }>({
          version,
          scenario: 'rate_limited',
          trackingUri: a.baseUrl,
          token,
          args: { experiment: `rate-limited-${version}`, calls: '14' },
          env: { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '7' },
          timeoutMs: 200_000,
        });
        return { version, token, runId: run.result.run_id };
      }),
    );
    for (const { runId } of results) {
      const points = await db.metricPoint.count({ where: { runId, key: 'loss' } });
      expect(points).toBe(14);
    }
    // Refused requests are counted too: each client went past the limit of 6 in some minute and
    // was answered 429 (17 requests in all, so whichever minutes they fell in).
    for (const { token } of results) {
      const [{ n }] = await db.$queryRaw<{ n: number }[]>`SELECT coalesce(max(count), 0)::int AS n FROM rate_limit_counters WHERE bucket = 'token' AND subject = ${tokenKey(`Bearer ${token}`)}`;
      expect(n).toBeGreaterThan(6);
    }
  }, 240_000);

  it('invitation redemptions per address: GraphQL answers 429 + Retry-After with RATE_LIMITED', async () => {
    const { token } = await createInvitation(await principalFor(world.users.admin.id), { teamId: world.team.id, role: 'VIEWER' });
    const { user } = await createUserFixture();
    await withRoomInTheWindow();
    const cookie = await sessionCookieFor(user);
    const accept = (server: StartedServer, link: string) =>
      fetch(`${server.baseUrl}/api/graphql`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.20' },
        body: JSON.stringify({ query: 'mutation($t: String!) { acceptInvitation(token: $t) { role } }', variables: { t: link } }),
      });
    expect((await accept(a, 'inv_wrong1')).status).toBe(200);
    expect((await accept(b, 'inv_wrong2')).status).toBe(200);
    const refused = await accept(a, token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('pages carry the CSP nonce of their own response on every script; share pages send no referrer', async () => {
    const page = await fetch(`${a.baseUrl}/sign-in`);
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(policy)![1];
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(policy).toContain("frame-ancestors 'none'");

    const created = await fetch(`${a.baseUrl}/api/2.0/mlflow/runs/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.tokens.write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ experiment_id: '0', start_time: 1 }),
    });
    const runId = ((await created.json()) as any).run.info.run_id as string;
    const { path: sharePath } = await createShareLink(await principalFor(world.users.member.id), { targetType: 'RUN', targetId: runId });
    const share = await fetch(`${b.baseUrl}${sharePath}`);
    expect(share.status).toBe(200);
    expect(share.headers.get('referrer-policy')).toBe('no-referrer');
    expect(share.headers.get('content-security-policy')).toContain("'nonce-");
  });

  it('a rebound host name is refused with 421 before anything answers; a cross-site write with the session cookie with 403', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(a.baseUrl);
      const req = http.request({ host: url.hostname, port: url.port, path: '/api/auth/signup', method: 'POST', headers: { host: 'attacker.example', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end(JSON.stringify({ email: 'first-admin@attacker.example', password: 'correct horse battery staple 42' }));
    });
    expect(status).toBe(421);

    const mutation = { query: 'mutation($name: String!) { createTeam(input: { name: $name }) { id } }', variables: { name: 'csrf team' } };
    const crossSite = await fetch(`${a.baseUrl}/api/graphql`, {
      method: 'POST',
      headers: { cookie: world.cookies.member, 'content-type': 'application/json', origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify(mutation),
    });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as any).errors[0].extensions.code).toBe('CSRF_REJECTED');
    const sameOrigin = await fetch(`${a.baseUrl}/api/graphql`, {
      method: 'POST',
      headers: { cookie: world.cookies.member, 'content-type': 'application/json', origin: a.baseUrl, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ query: '{ viewer { email } }' }),
    });
    expect(((await sameOrigin.json()) as any).data.viewer.email).toBe(world.users.member.email);
  });
});
