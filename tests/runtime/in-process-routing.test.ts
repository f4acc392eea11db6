// The in-process dispatcher of tests/helpers/app.ts must route like Next does, or tests
// that pass in development would fail under `npm test` (server mode).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRewrites, dispatch, scanRoutes, type Route } from '../helpers/app.ts';

let appDir: string;
let routes: Route[];
const rewrites = [{ source: '/ajax-api/2.0/:path*', destination: '/api/2.0/:path*' }];

const handler = (name: string, methods = ['GET']) =>
  methods
    .map((m) => `export async function ${m}(request, { params }) { return Response.json({ route: ${JSON.stringify(name)}, method: request.method, params: await params, search: request.nextUrl.search }); }`)
    .join('\n');

function addRoute(folder: string, source: string) {
  fs.mkdirSync(path.join(appDir, folder), { recursive: true });
  fs.writeFileSync(path.join(appDir, folder, 'route.ts'), source);
}

beforeAll(() => {
  appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-routing-'));
  addRoute('api/runs/[id]', handler('run', ['GET', 'DELETE']));
  addRoute('api/runs/search', handler('search', ['POST']));
  addRoute('api/files/[...path]', handler('files'));
  addRoute('api/docs/[[...slug]]', handler('docs'));
  addRoute('(internal)/api/ping', handler('ping'));
  addRoute('_private/api/hidden', handler('hidden'));
  addRoute('api/2.0/mlflow/runs/get', handler('mlflow-get'));
  addRoute('api/boom', 'export function GET() { throw new Error("boom"); }');
  fs.writeFileSync(path.join(appDir, 'page.tsx'), 'export default function Page() { return null; }');
  routes = scanRoutes(appDir);
});
afterAll(() => fs.rmSync(appDir, { recursive: true, force: true }));

async function call(target: string, init?: RequestInit) {
  return dispatch(new NextRequest(new URL(target, 'http://localhost:3000'), init as never), routes, rewrites);
}

describe('in-process routing', () => {
  it('prefers a static segment over a dynamic one', async () => {
    expect(await (await call('/api/runs/search', { method: 'POST' })).json()).toMatchObject({ route: 'search', params: {} });
    expect(await (await call('/api/runs/abc')).json()).toMatchObject({ route: 'run', params: { id: 'abc' } });
  });

  it('decodes params and passes the query string', async () => {
    expect(await (await call('/api/runs/a%20b%2Fc?x=1')).json()).toMatchObject({ params: { id: 'a b/c' }, search: '?x=1' });
  });

  it('catch-all needs one segment or more; optional catch-all also matches none', async () => {
    expect(await (await call('/api/files/a/b/c.txt')).json()).toMatchObject({ params: { path: ['a', 'b', 'c.txt'] } });
    expect((await call('/api/files')).status).toBe(404);
    expect(await (await call('/api/docs')).json()).toMatchObject({ route: 'docs', params: {} });
    expect(await (await call('/api/docs/x/y')).json()).toMatchObject({ params: { slug: ['x', 'y'] } });
  });

  it('ignores route groups in the URL and never routes private folders', async () => {
    expect(await (await call('/api/ping')).json()).toMatchObject({ route: 'ping' });
    expect((await call('/_private/api/hidden')).status).toBe(404);
    expect((await call('/api/hidden')).status).toBe(404);
  });

  it('answers 405 for a method the route does not export, HEAD from GET, and OPTIONS automatically', async () => {
    expect((await call('/api/runs/search')).status).toBe(405);
    const head = await call('/api/runs/abc', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const options = await call('/api/runs/abc', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('DELETE, GET, HEAD, OPTIONS');
  });

  it('answers 404 when nothing matches, and 500 when a handler throws', async () => {
    expect((await call('/api/nothing/here')).status).toBe(404);
    expect((await call('/api/boom')).status).toBe(500);
  });

  it('applies next.config rewrites', async () => {
    expect(applyRewrites('/ajax-api/2.0/mlflow/runs/get', rewrites)).toBe('/api/2.0/mlflow/runs/get');
    expect(applyRewrites('/ajax-api/2.0', rewrites)).toBe('/api/2.0');
    expect(applyRewrites('/ajax-api/2.00/x', rewrites)).toBe('/ajax-api/2.00/x');
    expect(await (await call('/ajax-api/2.0/mlflow/runs/get?run_id=1')).json()).toMatchObject({ route: 'mlflow-get', search: '?run_id=1' });
  });
});
