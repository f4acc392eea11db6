// The MLflow REST API 2.0 under /api/2.0/mlflow/ (and /ajax-api/2.0/mlflow/): finds the
// endpoint, resolves the principal (every endpoint needs one), reads and validates the
// request, calls the handler and answers in MLflow's JSON, errors included.
import { resolvePrincipal } from '../../authz/resolve-principal.ts';
import { unauthenticated } from '../../errors.ts';
import { readRequestInput } from '../read-json.ts';
import { createContext, type Endpoint } from './endpoint.ts';
import { experimentEndpoints } from './endpoints/experiments.ts';
import { runDataEndpoints } from './endpoints/run-data.ts';
import { runEndpoints } from './endpoints/runs.ts';
import { mlflowError, mlflowErrorResponse } from './errors.ts';
import { json, parseRequest } from './wire.ts';

export const mlflowEndpoints: readonly Endpoint[] = [...experimentEndpoints, ...runEndpoints, ...runDataEndpoints];

const routes = new Map<string, Map<string, Endpoint>>();
for (const e of mlflowEndpoints) {
  const byMethod = routes.get(e.path) ?? new Map<string, Endpoint>();
  byMethod.set(e.method, e);
  routes.set(e.path, byMethod);
}

const PREFIX = /^\/(?:ajax-)?api\/2\.0\/mlflow\/(.*?)\/?$/;

export async function handleMlflowRequest(request: Request): Promise<Response> {
  const path = PREFIX.exec(new URL(request.url).pathname)?.[1] ?? '';
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const byMethod = routes.get(path);
  if (!byMethod) {
    return mlflowError('ENDPOINT_NOT_FOUND', `No API endpoint found for ${request.method} /api/2.0/mlflow/${path}`, 404);
  }
  const target = byMethod.get(method);
  if (!target) {
    const response = mlflowError('ENDPOINT_NOT_FOUND', `Method ${request.method} is not allowed for /api/2.0/mlflow/${path}`, 405);
    response.headers.set('allow', [...byMethod.keys()].join(', '));
    return response;
  }
  try {
    const principal = await resolvePrincipal(request);
    if (principal.kind === 'anonymous') throw unauthenticated();
    const raw = await readRequestInput(request, { listKeys: target.listKeys });
    const input = parseRequest(target.schema, raw);
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
