// The route handlers under app/ (app/**/route.ts) as a table, dispatched the way Next's
// app-route module does it: rewrites from next.config.ts, route groups, [param], [...param],
// [[...param]], static before dynamic; HEAD from GET, automatic OPTIONS, 405 for other missing
// methods, 404 when nothing matches. Used by the in-process test dispatcher (tests/helpers/app.ts:
// every route) and by the server for the framework-free routes it answers before Next
// (lib/http/pre-next.ts), so both reach the very handlers Next serves.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NextRequest } from 'next/server';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type RouteModule = Partial<Record<(typeof HTTP_METHODS)[number], (request: NextRequest, context: { params: Promise<Params> }) => Promise<Response> | Response>>;
export type Params = Record<string, string | string[]>;

type Segment = { kind: 'static'; value: string } | { kind: 'dynamic' | 'catchAll' | 'optionalCatchAll'; name: string };
export type Route = { file: string; segments: Segment[] };

const SEGMENT_RANK = { static: 0, dynamic: 1, catchAll: 2, optionalCatchAll: 3 } as const;

function parseSegment(folder: string): Segment {
  let match: RegExpExecArray | null;
  if ((match = /^\[\[\.\.\.(.+)\]\]$/.exec(folder))) return { kind: 'optionalCatchAll', name: match[1] };
  if ((match = /^\[\.\.\.(.+)\]$/.exec(folder))) return { kind: 'catchAll', name: match[1] };
  if ((match = /^\[(.+)\]$/.exec(folder))) return { kind: 'dynamic', name: match[1] };
  return { kind: 'static', value: folder };
}

/** Every app/**\/route.ts, most specific first (static before dynamic before catch-all, segment by segment). */
export function scanRoutes(appDir = path.join(repoRoot, 'app')): Route[] {
  const routes: Route[] = [];
  const visit = (dir: string, segments: Segment[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile() && /^route\.(ts|js)$/.test(entry.name)) routes.push({ file: path.join(dir, entry.name), segments });
      if (!entry.isDirectory()) continue;
      const name = entry.name;
      if (name.startsWith('_') || name.startsWith('@') || name === 'node_modules') continue; // private folders, slots
      if (/^\(.*\)$/.test(name)) visit(path.join(dir, name), segments); // route group: no URL segment
      else visit(path.join(dir, name), [...segments, parseSegment(name)]);
    }
  };
  visit(appDir, []);
  return routes.sort(compareRoutes);
}

function compareRoutes(a: Route, b: Route): number {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (!x || !y) return x ? 1 : -1; // the shorter route is tried first; lengths never tie both matching
    const rank = SEGMENT_RANK[x.kind] - SEGMENT_RANK[y.kind];
    if (rank !== 0) return rank;
  }
  return 0;
}

/** Params of `route` for `pathname`, or null when it does not match. */
export function matchRoute(route: Route, pathname: string): Params | null {
  const parts = pathname.split('/').filter(Boolean).map(decodeSegment);
  const params: Params = {};
  for (const [i, segment] of route.segments.entries()) {
    if (segment.kind === 'static') {
      if (parts[i] !== segment.value) return null;
    } else if (segment.kind === 'dynamic') {
      if (parts[i] === undefined) return null;
      params[segment.name] = parts[i];
    } else {
      const rest = parts.slice(i);
      if (rest.length === 0 && segment.kind === 'catchAll') return null;
      if (rest.length > 0) params[segment.name] = rest;
      return params;
    }
  }
  return parts.length === route.segments.length ? params : null;
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export type Rewrite = { source: string; destination: string };

/** Applies next.config.ts rewrites (`:name`, `:name*`, `:name+` patterns, as used here). */
export function applyRewrites(pathname: string, rewrites: Rewrite[]): string {
  for (const { source, destination } of rewrites) {
    const names: string[] = [];
    const pattern = source.replace(/\/:(\w+)([*+]?)|[.*+?^${}()|[\]\\]/g, (token, name: string | undefined, modifier: string) => {
      if (!name) return `\\${token}`;
      names.push(name);
      if (modifier === '*') return '(?:/(.*))?';
      if (modifier === '+') return '/(.+)';
      return '/([^/]+)';
    });
    const match = new RegExp(`^${pattern}$`).exec(pathname);
    if (!match) continue;
    return destination.replace(/:(\w+)[*+]?/g, (_, name: string) => match[names.indexOf(name) + 1] ?? '').replace(/\/$/, '') || '/';
  }
  return pathname;
}

export async function loadRewrites(): Promise<Rewrite[]> {
  const { default: config } = (await import(pathToFileURL(path.join(repoRoot, 'next.config.ts')).href)) as {
    default: { rewrites?: () => Promise<Rewrite[] | { beforeFiles?: Rewrite[]; afterFiles?: Rewrite[]; fallback?: Rewrite[] }> };
  };
  const rewrites = (await config.rewrites?.()) ?? [];
  return Array.isArray(rewrites) ? rewrites : [...(rewrites.beforeFiles ?? []), ...(rewrites.afterFiles ?? []), ...(rewrites.fallback ?? [])];
}

const modules = new Map<string, Promise<RouteModule>>();

/** A route module, imported once. */
function loadRouteModule(file: string): Promise<RouteModule> {
  let module = modules.get(file);
  if (!module) modules.set(file, (module = import(pathToFileURL(file).href) as Promise<RouteModule>));
  return module;
}

/** Dispatches one request to the matching route handler, as Next's app-route module would. */
export async function dispatch(request: NextRequest, routes: Route[], rewrites: Rewrite[]): Promise<Response> {
  const pathname = applyRewrites(request.nextUrl.pathname.replace(/(.)\/$/, '$1'), rewrites);
  for (const route of routes) {
    const params = matchRoute(route, pathname);
    if (!params) continue;
    const module = await loadRouteModule(route.file);
    const method = request.method.toUpperCase() as (typeof HTTP_METHODS)[number];
    let handler = module[method];
    if (!handler && method === 'HEAD') handler = module.GET;
    if (!handler && method === 'OPTIONS') {
      const allow = HTTP_METHODS.filter((m) => module[m] || (m === 'HEAD' && module.GET) || m === 'OPTIONS');
      return new Response(null, { status: 204, headers: { Allow: allow.sort().join(', ') } });
    }
    if (!handler) return new Response(null, { status: 405 });
    try {
      const response = await handler(request, { params: Promise.resolve(params) });
      return method === 'HEAD' ? new Response(null, { status: response.status, headers: response.headers }) : response;
    } catch (error) {
      return nextControlFlowResponse(error) ?? internalError(error);
    }
  }
  return new Response('Not Found', { status: 404 });
}

/** redirect() and notFound() from next/navigation throw errors that Next turns into responses. */
function nextControlFlowResponse(error: unknown): Response | null {
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest !== 'string') return null;
  const parts = digest.split(';');
  if (parts[0] === 'NEXT_REDIRECT') {
    return new Response(null, { status: Number(parts.at(-2)), headers: { Location: parts.slice(2, -2).join(';') } });
  }
  if (parts[0] === 'NEXT_HTTP_ERROR_FALLBACK') return new Response(null, { status: Number(parts[1]) });
  return null;
}

function internalError(error: unknown): Response {
  console.error('Route handler threw:', error);
  return new Response('Internal Server Error', { status: 500 });
}
