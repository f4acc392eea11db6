// HTTP-level access to the app for tests: `const app = setupTestApp()` at the top of a test
// file, then `await app.fetch('/api/...', init)`.
//
// CAIRN_TEST_TARGET=server (what `npm test` uses): a real built server (`scripts/start.ts`)
// on the file's database, spoken to over HTTP. Otherwise: the route handlers under app/ are
// called in-process, routed the way Next routes them (rewrites from next.config.ts, route
// groups, [param], [...param], [[...param]], static before dynamic; HEAD from GET,
// automatic OPTIONS, 405 for other missing methods, 404 when nothing matches). Only route
// handlers (route.ts) are reachable in-process, not pages.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll } from 'vitest';
import { dispatch, loadRewrites, scanRoutes, type Rewrite, type Route } from '../../lib/http/route-table.ts';
import { setupTestDatabase, type TestDatabase } from './database.ts';
import { startServer, type StartedServer } from './server-process.ts';

export type TestApp = {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  readonly baseUrl: string;
  readonly database: TestDatabase;
  /**
   * The URL of a real HTTP server answering for this app, for clients that only speak HTTP
   * (the MLflow Python client in a child process): the test server in server mode, else a
   * Node HTTP server in this process that hands every request to the in-process dispatcher
   * (started on first use, closed after the file).
   */
  httpUrl(): Promise<string>;
};

export function setupTestApp(): TestApp {
  const database = setupTestDatabase();
  return process.env.CAIRN_TEST_TARGET === 'server' ? serverApp(database) : inProcessApp(database);
}

// ---- server mode ------------------------------------------------------------------

export { startServer, type StartedServer } from './server-process.ts';
export { applyRewrites, dispatch, scanRoutes, type Route } from '../../lib/http/route-table.ts';

function serverApp(database: TestDatabase): TestApp {
  let server: StartedServer | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-test-server-'));
    // No principal cache: fixtures write memberships and teams straight into the database,
    // without the announcement a use case makes (lib/authz/principal-changes.ts), so a cached
    // principal would miss them. The cache and its invalidation have their own tests
    // (lib/authz/principal-changes.test.ts, tests/runtime/two-instances.test.ts).
    server = await startServer({ DATABASE_URL: database.url, CAIRN_DATA_DIR: dataDir, CAIRN_AUTH_CACHE_MS: '0' });
  });
  afterAll(async () => {
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const baseUrl = () => {
    if (!server) throw new Error('The test server starts in beforeAll; use app.fetch inside hooks or tests');
    return server.baseUrl;
  };
  return {
    database,
    get baseUrl() {
      return baseUrl();
    },
    fetch: (target, init) => fetch(new URL(target, baseUrl()), init),
    httpUrl: async () => baseUrl(),
  };
}

// ---- in-process mode --------------------------------------------------------------

const IN_PROCESS_BASE_URL = 'http://localhost:3000';
function inProcessApp(database: TestDatabase): TestApp {
  let table: Promise<{ routes: Route[]; rewrites: Rewrite[] }> | undefined;
  const routing = () => (table ??= loadRewrites().then((rewrites) => ({ routes: scanRoutes(), rewrites })));

  async function inProcessFetch(target: string, init: RequestInit = {}, redirectsLeft = 20): Promise<Response> {
    const { routes, rewrites } = await routing();
    const url = new URL(target, IN_PROCESS_BASE_URL);
    const body = init.body;
    const request = new NextRequest(url, {
      ...init,
      ...(body && typeof (body as ReadableStream).getReader === 'function' ? { duplex: 'half' } : {}),
    } as ConstructorParameters<typeof NextRequest>[1]);
    const response = await dispatch(request, routes, rewrites);
    // Follow redirects like fetch() does over HTTP (same origin only).
    const location = response.headers.get('location');
    if (init.redirect !== 'manual' && location && [301, 302, 303, 307, 308].includes(response.status)) {
      if (init.redirect === 'error') throw new TypeError('fetch failed: redirect');
      const next = new URL(location, url);
      if (next.origin === url.origin && redirectsLeft > 0) {
        const asGet = response.status === 303 || ((response.status === 301 || response.status === 302) && request.method === 'POST');
        const nextInit = asGet ? { ...init, method: 'GET', body: undefined } : init;
        return inProcessFetch(next.pathname + next.search, nextInit, redirectsLeft - 1);
      }
    }
    return response;
  }

  let bridge: Promise<HttpBridge> | undefined;
  afterAll(async () => {
    if (bridge) await (await bridge).close();
  });
  return {
    database,
    baseUrl: IN_PROCESS_BASE_URL,
    fetch: (target, init) => inProcessFetch(target, init),
    httpUrl: async () => (await (bridge ??= startHttpBridge((target, init) => inProcessFetch(target, init)))).url,
  };
}

type HttpBridge = { url: string; close(): Promise<void> };

/**
 * A localhost HTTP server that answers every request with `handle` (the in-process app):
 * request bodies are streamed in, responses streamed out, redirects passed through.
 */
async function startHttpBridge(handle: (target: string, init: RequestInit) => Promise<Response>): Promise<HttpBridge> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const response = await handle(req.url ?? '/', {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as unknown as BodyInit) : undefined,
        redirect: 'manual',
      });
      const outgoing: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie') outgoing[name] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) outgoing['set-cookie'] = cookies;
      res.writeHead(response.status, outgoing);
      if (!response.body || req.method === 'HEAD') {
        res.end();
        return;
      }
      Readable.fromWeb(response.body as unknown as NodeReadableStream).pipe(res);
    })().catch((error: unknown) => {
      console.error('[test http bridge]', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
