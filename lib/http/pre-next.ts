// What the server answers before Next: the MLflow REST API, the artifact proxy and the health
// check. Their route handlers (app/api/2.0/**, app/api/health) are framework-free (lib/http's
// endpoint table, the artifact use cases), so they need none of Next's page machinery, which
// cost more than the handlers themselves on a training loop's small requests (bench/
// requests.bench.ts). They are dispatched through the same route table as the in-process test
// dispatcher (lib/http/route-table.ts), to the very route modules Next serves, with Next's
// semantics (rewrites, HEAD, OPTIONS, 405). Pages, Auth.js and GraphQL stay in Next.
import type http from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { NextRequest } from 'next/server';
import { mlflowError } from './mlflow/errors.ts';
import { applyRewrites, dispatch, loadRewrites, matchRoute, scanRoutes, type Route } from './route-table.ts';
import { CLIENT_ADDRESS_HEADER } from './client-address.ts';

/** URL prefixes answered here (after next.config.ts rewrites, e.g. /ajax-api/2.0 -> /api/2.0). */
export const PRE_NEXT_PREFIXES = ['/api/2.0/', '/api/health'] as const;

export type PreNextHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;

const routePath = (route: Route) =>
  `/${route.segments.map((segment) => (segment.kind === 'static' ? segment.value : `[${segment.name}]`)).join('/')}`;

function answeredHere(pathname: string): boolean {
  return PRE_NEXT_PREFIXES.some((prefix) => pathname === prefix.replace(/\/$/, '') || pathname.startsWith(prefix));
}

function toRequest(req: http.IncomingMessage): NextRequest {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  // The raw headers are what the client sent; the client address is what guardRequest stamped
  // (the client's own claim under that name must never reach the audit trail or rate limits).
  const stamped = req.headers[CLIENT_ADDRESS_HEADER];
  if (typeof stamped === 'string') headers.set(CLIENT_ADDRESS_HEADER, stamped);
  else headers.delete(CLIENT_ADDRESS_HEADER);
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  let origin = 'http://localhost';
  try {
    if (req.headers.host) origin = new URL(`http://${req.headers.host}`).origin;
  } catch {
    // a malformed Host: the handlers only need the path and query
  }
  return new NextRequest(`${origin}${req.url ?? '/'}`, {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as unknown as ReadableStream, duplex: 'half' } : {}),
  } as ConstructorParameters<typeof NextRequest>[1]);
}

async function send(res: http.ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  if (!response.body) {
    res.end();
    return;
  }
  // JSON answers (the MLflow API's) go out whole: head and body in one write, one system call,
  // instead of a write per chunk. Files (artifact downloads) stream.
  if (response.headers.get('content-type')?.startsWith('application/json')) {
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  await pipeline(Readable.fromWeb(response.body as unknown as NodeReadableStream), res);
}

/**
 * The handler for `req`: answers and resolves true when its path belongs here and a route
 * matches, else resolves false without touching the request (Next answers it).
 */
export async function createPreNextHandler(): Promise<PreNextHandler> {
  const rewrites = await loadRewrites();
  const routes = scanRoutes().filter((route) => answeredHere(routePath(route)));
  return async (req, res) => {
    const raw = req.url ?? '/';
    const query = raw.indexOf('?');
    const pathname = applyRewrites((query < 0 ? raw : raw.slice(0, query)).replace(/(.)\/$/, '$1'), rewrites);
    if (!answeredHere(pathname)) return false;
    if (!routes.some((route) => matchRoute(route, pathname))) {
      // The MLflow API's own namespace answers in MLflow's shape even where no route matches
      // (`/api/2.0/mlflow/`, which `logged-models/..` becomes once a client normalizes it):
      // Next's page would be an HTML 404 that MLflow clients cannot read.
      if (!/^\/api\/2\.0\/mlflow(\/|$)/.test(pathname)) return false;
      await send(res, mlflowError('ENDPOINT_NOT_FOUND', `No API endpoint found for ${req.method ?? 'GET'} ${pathname}`, 404));
      return true;
    }
    await send(res, await dispatch(toRequest(req), routes, rewrites));
    return true;
  };
}
