// The MLflow REST API 2.0 under /api/2.0/mlflow/ (and /ajax-api/2.0/mlflow/): finds the
// endpoint, resolves the principal (every endpoint needs one), reads and validates the
// request, calls the handler and answers in MLflow's JSON, errors included.
import { resolvePrincipal } from '../../authz/resolve-principal.ts';
import { unauthenticated } from '../../errors.ts';
import { readRequestInput } from '../read-json.ts';
import { createContext, type Endpoint } from './endpoint.ts';
import { experimentEndpoints } from './endpoints/experiments.ts';
import { loggedModelEndpoints } from './endpoints/logged-models.ts';
import { registryEndpoints } from './endpoints/registry.ts';
import { runDataEndpoints } from './endpoints/run-data.ts';
import { runEndpoints } from './endpoints/runs.ts';
import { mlflowError, mlflowErrorResponse } from './errors.ts';
import { json, parseRequest } from './wire.ts';

export const mlflowEndpoints: readonly Endpoint[] = [
  ...experimentEndpoints,
  ...runEndpoints,
  ...runDataEndpoints,
  ...loggedModelEndpoints,
  ...registryEndpoints,
];

type Route = { pattern: RegExp; names: string[]; byMethod: Map<string, Endpoint> };

// Paths with `{name}` segments (logged-models/{model_id}) match one URL segment each.
const routes: Route[] = [];
for (const e of mlflowEndpoints) {
  let route = routes.find((r) => r.pattern.source === patternFor(e.path).source);
  if (!route) {
    route = { pattern: patternFor(e.path), names: [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]), byMethod: new Map() };
    routes.push(route);
  }
  route.byMethod.set(e.method, e);
}

function patternFor(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (/^\{\w+\}$/.test(segment) ? '([^/]+)' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The route for a path and its decoded path parameters; exact paths win over templates. */
function findRoute(path: string): { route: Route; params: Record<string, string> } | undefined {
  const matches = routes.flatMap((route) => {
    const m = route.pattern.exec(path);
    return m ? [{ route, params: Object.fromEntries(route.names.map((name, i) => [name, safeDecode(m[i + 1])])) }] : [];
  });
  return matches.find((m) => m.route.names.length === 0) ?? matches[0];
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const PREFIX = /^\/(?:ajax-)?api\/2\.0\/mlflow\/(.*?)\/?$/;

export async function handleMlflowRequest(request: Request): Promise<Response> {
  const path = PREFIX.exec(new URL(request.url).pathname)?.[1] ?? '';
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const found = findRoute(path);
  if (!found) {
    return mlflowError('ENDPOINT_NOT_FOUND', `No API endpoint found for ${request.method} /api/2.0/mlflow/${path}`, 404);
  }
  const target = found.route.byMethod.get(method);
  if (!target) {
    const response = mlflowError('ENDPOINT_NOT_FOUND', `Method ${request.method} is not allowed for /api/2.0/mlflow/${path}`, 405);
    response.headers.set('allow', [...found.route.byMethod.keys()].join(', '));
    return response;
  }
  try {
    const principal = await resolvePrincipal(request);
    if (principal.kind === 'anonymous') throw unauthenticated();
    const raw = await readRequestInput(request, { listKeys: target.listKeys });
    // Path parameters name the resource, as in MLflow (they win over the body).
    const input = parseRequest(target.schema, Object.keys(found.params).length ? { ...(raw as object), ...found.params } : raw);
    const body = await target.handle(createContext(request, principal), input);
    return json(body);
  } catch (error) {
    return mlflowErrorResponse(error);
  }
}

/** Route handler exports for app/api/2.0/mlflow/[...path]/route.ts and its /ajax-api twin. */
export const mlflowRouteHandlers = {
  GET: handleMlflowRequest,
  POST: handleMlflowRequest,
  PUT: handleMlflowRequest,
  PATCH: handleMlflowRequest,
  DELETE: handleMlflowRequest,
};
