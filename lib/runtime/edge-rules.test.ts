// guardRequest's edge rules on a real Node HTTP server and a real PostgreSQL (its rate-limit
// counters): security headers, the host allow-list (DNS rebinding), CSRF origin checks on
// cookie-authenticated writes, and rate limits with 429 + Retry-After in each API's shape.
// A stub answers what the guard lets through, so each refusal is the guard's own.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { consumeRateLimit } from '../ratelimit/consume-rate-limit.ts';
import { rateLimitOf } from '../ratelimit/rate-limits.ts';
import { guardOptionsFromEnv, guardRequest, type GuardOptions } from './guard-request.ts';

setupTestDatabase();

type Server = { base: string; port: number; close(): Promise<void> };

async function guarded(options: GuardOptions): Promise<Server> {
  const server = http.createServer((req, res) => {
    void guardRequest(req, res, options).then((answered) => {
      if (answered) return;
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ passed: true, nonceHeader: req.headers['content-security-policy'] ?? null }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Node's fetch refuses to set Host: speak HTTP directly. */
function request(server: Server, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: { host: `localhost:${server.port}`, ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const SESSION = 'authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.x.y.z.w';
let server: Server;
let behindProxy: Server;

beforeAll(async () => {
  server = await guarded(guardOptionsFromEnv({ CAIRN_ALLOWED_HOSTS: 'cairn.example.com, .corp.example', AUTH_URL: 'https://auth.example.org' }));
  behindProxy = await guarded(guardOptionsFromEnv({ CAIRN_TRUST_PROXY: '1', AUTH_URL: 'https://cairn.example.com' }));
});
afterAll(async () => {
  await server?.close();
  await behindProxy?.close();
});

describe('security headers', () => {
  it('pages get a CSP with a fresh nonce, handed to Next in the request header', async () => {
    const first = await request(server, '/t/team/projects');
    const second = await request(server, '/t/team/projects');
    const policy = String(first.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("'strict-dynamic'");
    expect(policy).not.toContain('unsafe-eval');
    expect(JSON.parse(first.body).nonceHeader).toBe(policy);
    expect(second.headers['content-security-policy']).not.toBe(policy);
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    expect(first.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(first.headers['x-frame-options']).toBe('DENY');
    expect(first.headers['strict-transport-security']).toBeUndefined();
  });

  it('API answers get a policy that allows nothing; a client cannot smuggle a nonce in', async () => {
    for (const path of ['/api/graphql', '/api/2.0/mlflow/runs/get?run_id=x', '/api/health']) {
      const response = await request(server, path, { headers: { 'content-security-policy': "script-src 'nonce-abc'" } });
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(JSON.parse(response.body).nonceHeader).toBeNull();
    }
    // Auth.js's pages are pages.
    expect(String((await request(server, '/api/auth/signin')).headers['content-security-policy'])).toContain("'nonce-");
  });

  it('HSTS only over https: as a trusted proxy says, never as a client claims', async () => {
    const claimed = await request(server, '/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(claimed.headers['strict-transport-security']).toBeUndefined();
    const proxied = await request(behindProxy, '/', { headers: { host: 'cairn.example.com', 'x-forwarded-proto': 'https' } });
    expect(proxied.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const plain = await request(behindProxy, '/', { headers: { host: 'cairn.example.com', 'x-forwarded-proto': 'http' } });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('allowed hosts (DNS rebinding)', () => {
  it('serves localhost names, IP addresses, AUTH_URL and CAIRN_ALLOWED_HOSTS', async () => {
    for (const host of ['localhost', 'localhost:3000', 'app.localhost', '127.0.0.1:80', '[::1]:3000', '10.1.2.3', 'cairn.example.com', 'CAIRN.example.com:443', 'auth.example.org', 'corp.example', 'ml.corp.example']) {
      const response = await request(server, '/api/health', { headers: { host } });
      expect([host, response.status]).toEqual([host, 200]);
    }
  });

  it('refuses any other host with 421, in the shape of the API asked', async () => {
    const rebound = { host: 'attacker.example:3000' };
    const page = await request(server, '/sign-up', { headers: rebound });
    expect(page.status).toBe(421);
    expect(page.body).toContain("does not serve the host 'attacker.example:3000'");
    const mlflow = await request(server, '/api/2.0/mlflow/experiments/create', { method: 'POST', headers: { ...rebound, 'content-type': 'application/json' }, body: '{"name":"x"}' });
    expect([mlflow.status, JSON.parse(mlflow.body).error_code]).toEqual([421, 'PERMISSION_DENIED']);
    const graphql = await request(server, '/api/graphql', { method: 'POST', headers: rebound, body: '{}' });
    expect([graphql.status, JSON.parse(graphql.body).errors[0].extensions.code]).toEqual([421, 'HOST_NOT_ALLOWED']);
    const signup = await request(server, '/api/auth/signup', { method: 'POST', headers: rebound, body: '{}' });
    expect([signup.status, JSON.parse(signup.body).error.code]).toEqual([421, 'HOST_NOT_ALLOWED']);
    for (const host of ['evil.localhost.example', 'cairn.example.com.evil', 'xcorp.example', 'localhost@attacker.example']) {
      expect([host, (await request(server, '/api/health', { headers: { host } })).status]).toEqual([host, 421]);
    }
  });

  it('behind a trusted proxy, the forwarded host must be allowed too', async () => {
    expect((await request(behindProxy, '/api/health', { headers: { host: 'cairn.example.com', 'x-forwarded-host': 'cairn.example.com' } })).status).toBe(200);
    expect((await request(behindProxy, '/api/health', { headers: { host: 'cairn.example.com', 'x-forwarded-host': 'attacker.example' } })).status).toBe(421);
  });
});

describe('CSRF: cookie-authenticated writes from other sites', () => {
  const write = (headers: Record<string, string>, path = '/api/graphql') =>
    request(server, path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"query":"mutation { x }"}' });

  it('refuses cross-site and same-site (other origin) browser requests with CSRF_REJECTED', async () => {
    const crossSite = await write({ cookie: SESSION, 'sec-fetch-site': 'cross-site', origin: 'https://attacker.example' });
    expect([crossSite.status, JSON.parse(crossSite.body).errors[0].extensions.code]).toEqual([403, 'CSRF_REJECTED']);
    const sibling = await write({ cookie: `theme=dark; ${SESSION}`, 'sec-fetch-site': 'same-site' });
    expect(sibling.status).toBe(403);
    const otherOrigin = await write({ cookie: SESSION, origin: 'http://localhost:1' });
    expect(otherOrigin.status).toBe(403);
    const nullOrigin = await write({ cookie: SESSION, origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const mlflow = await write({ cookie: SESSION, origin: 'https://attacker.example' }, '/api/2.0/mlflow/runs/delete');
    expect([mlflow.status, JSON.parse(mlflow.body).error_code]).toEqual([403, 'PERMISSION_DENIED']);
    const chunked = await write({ cookie: 'authjs.session-token.0=abc; authjs.session-token.1=def', 'sec-fetch-site': 'cross-site' }, '/api/artifacts/run/x');
    expect([chunked.status, JSON.parse(chunked.body).error.code]).toEqual([403, 'CSRF_REJECTED']);
    const secure = await write({ cookie: '__Secure-authjs.session-token=abc', 'sec-fetch-site': 'cross-site' });
    expect(secure.status).toBe(403);
  });

  it('lets same-origin pages, scripts without browser headers, tokens and share links through', async () => {
    const port = server.port;
    const allowed: Record<string, string>[] = [
      { cookie: SESSION, 'sec-fetch-site': 'same-origin', origin: `http://localhost:${port}` },
      { cookie: SESSION, origin: 'https://auth.example.org' }, // AUTH_URL's host
      { cookie: SESSION, origin: `https://localhost:${port}` }, // behind a proxy that terminates TLS
      { cookie: SESSION, 'sec-fetch-site': 'none' }, // typed by the person
      { cookie: SESSION }, // curl with a copied cookie: no browser page involved
      { cookie: SESSION, authorization: 'Bearer x', 'sec-fetch-site': 'cross-site' },
      { cookie: SESSION, 'x-cairn-share': 'secret', 'sec-fetch-site': 'cross-site' },
      { cookie: 'theme=dark', 'sec-fetch-site': 'cross-site' }, // not signed in: nothing to abuse
    ];
    for (const headers of allowed) expect([headers, (await write(headers)).status]).toEqual([headers, 200]);
    // Reads are not writes; Auth.js's endpoints check their own CSRF token.
    expect((await request(server, '/api/graphql?query={viewer{id}}', { headers: { cookie: SESSION, 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
    expect((await write({ cookie: SESSION, 'sec-fetch-site': 'cross-site' }, '/api/auth/signout')).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('sign-ups per address: 429 with Retry-After once over the limit', async () => {
    const limited = await guarded({ ...guardOptionsFromEnv({}), proxyHops: 1 });
    process.env.CAIRN_RATE_LIMIT_SIGNUP_PER_MINUTE = '3';
    try {
      const signUp = (address: string) => request(limited, '/api/auth/signup', { method: 'POST', headers: { 'x-forwarded-for': address }, body: '{}' });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await signUp('203.0.113.7')).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const refused = await signUp('203.0.113.7');
      expect(JSON.parse(refused.body).error.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect((await signUp('203.0.113.8')).status).toBe(200); // another address has its own count
    } finally {
      delete process.env.CAIRN_RATE_LIMIT_SIGNUP_PER_MINUTE;
      await limited.close();
    }
  });

  it('password sign-ins from an address refused after its failures, in the answer next-auth reads', async () => {
    const rule = rateLimitOf('sign-in-failure')!;
    const signIn = () => request(server, '/api/auth/callback/credentials', { method: 'POST', body: 'email=a&password=b' });
    expect((await signIn()).status).toBe(200); // peeking counts nothing
    // Fill the current window; if a minute boundary passed meanwhile, fill the new one.
    let refused = await (async () => {
      for (let i = 0; i < rule.limit; i++) await consumeRateLimit(rule, '127.0.0.1');
      return signIn();
    })();
    if (refused.status !== 429) {
      for (let i = 0; i < rule.limit; i++) await consumeRateLimit(rule, '127.0.0.1');
      refused = await signIn();
    }
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const body = JSON.parse(refused.body);
    expect(new URL(body.url).searchParams.get('code')).toBe('rate_limited');
    expect(body.error.code).toBe('RATE_LIMITED');
  });

  it('per API token when configured, in MLflow shape on the MLflow API; off by default', async () => {
    const calls = (target: Server, authorization: string) => request(target, '/api/2.0/mlflow/runs/get?run_id=1', { headers: { authorization } });
    for (let i = 0; i < 5; i++) expect((await calls(server, 'Bearer unlimited')).status).toBe(200);
    process.env.CAIRN_RATE_LIMIT_TOKEN_PER_MINUTE = '2';
    try {
      const basic = (user: string) => `Basic ${Buffer.from(`${user}:tok-a`).toString('base64')}`;
      expect((await calls(server, 'Bearer tok-a')).status).toBe(200);
      expect((await calls(server, basic('someone'))).status).toBe(200); // the same token, as the MLflow client sends it
      const refused = await calls(server, basic('someone-else'));
      expect([refused.status, JSON.parse(refused.body).error_code]).toEqual([429, 'REQUEST_LIMIT_EXCEEDED']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await calls(server, 'Bearer tok-b')).status).toBe(200);
    } finally {
      delete process.env.CAIRN_RATE_LIMIT_TOKEN_PER_MINUTE;
    }
  });
});
