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
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll } from 'vitest';
import { dispatch, loadRewrites, scanRoutes, type Rewrite, type Route } from '../../lib/http/route-table.ts';
import { setupTestDatabase, type TestDatabase } from './database.ts';
import { startServer, type StartedServer } from './server-process.ts';

export type TestApp = {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  readonly baseUrl: string;
  readonly database: TestDatabase;
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
    server = await startServer({ DATABASE_URL: database.url, CAIRN_DATA_DIR: dataDir });
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

  return { database, baseUrl: IN_PROCESS_BASE_URL, fetch: (target, init) => inProcessFetch(target, init) };
}
