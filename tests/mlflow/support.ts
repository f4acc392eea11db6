// Shared helpers for the MLflow REST conformance suite: a small client that speaks the
// wire format the MLflow Python client uses (POST JSON bodies, GET query strings with
// repeated keys for lists), credentials in each of the forms the client sends, and
// assertions on MLflow's error shape.
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.ts';

export type Reply<T = any> = { status: number; body: T; headers: Headers; text: string };

export type Credentials =
  | { bearer: string }
  | { basic: { username: string; password: string } }
  | { cookie: string; team?: string }
  | { share: string }
  | null;

export const bearer = (token: string): Credentials => ({ bearer: token });
export const basic = (username: string, password: string): Credentials => ({ basic: { username, password } });

export function authHeaders(credentials: Credentials): Record<string, string> {
  if (!credentials) return {};
  if ('bearer' in credentials) return { authorization: `Bearer ${credentials.bearer}` };
  if ('basic' in credentials) {
    const { username, password } = credentials.basic;
    return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
  }
  if ('share' in credentials) return { 'x-cairn-share': credentials.share };
  return { cookie: credentials.cookie, ...(credentials.team ? { 'x-cairn-team': credentials.team } : {}) };
}

async function toReply(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body, headers: response.headers, text };
}

export type QueryValue = string | number | readonly (string | number)[];

export function queryString(query: Record<string, QueryValue | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export type MlflowApi = ReturnType<typeof mlflowApi>;

/** A client of `/api/2.0/mlflow/` (or `/ajax-api/2.0/mlflow/` with that prefix). */
export function mlflowApi(app: TestApp, credentials: Credentials, prefix = '/api/2.0/mlflow') {
  const headers = authHeaders(credentials);
  return {
    credentials,
    post(path: string, body: unknown = {}): Promise<Reply> {
      return app
        .fetch(`${prefix}/${path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        })
        .then(toReply);
    },
    get(path: string, query: Record<string, QueryValue | undefined> = {}): Promise<Reply> {
      return app.fetch(`${prefix}/${path}${queryString(query)}`, { headers }).then(toReply);
    },
    raw(path: string, init: RequestInit = {}): Promise<Reply> {
      return app.fetch(`${prefix}/${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } }).then(toReply);
    },
  };
}

/** A new experiment named `name` with one run in it, made through the API as a client would. */
export async function createExperimentWithRun(api: MlflowApi, name: string): Promise<{ experimentId: string; runId: string }> {
  const experimentId: string = expectOk(await api.post('experiments/create', { name })).experiment_id;
  const runId: string = expectOk(await api.post('runs/create', { experiment_id: experimentId, start_time: 1 })).run.info.run_id;
  return { experimentId, runId };
}

/** The artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/...`), as MLflow's HttpArtifactRepository calls it. */
export function artifactApi(app: TestApp, credentials: Credentials) {
  const headers = authHeaders(credentials);
  const url = (path: string) => `/api/2.0/mlflow-artifacts/artifacts/${path.split('/').map(encodeURIComponent).join('/')}`;
  return {
    put(path: string, bytes: Uint8Array | string, contentType = 'application/octet-stream'): Promise<Reply> {
      return app.fetch(url(path), { method: 'PUT', headers: { ...headers, 'content-type': contentType }, body: bytes as BodyInit }).then(toReply);
    },
    async download(path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
      const response = await app.fetch(url(path), { headers });
      return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
    },
    list(path: string): Promise<Reply> {
      return app.fetch(`/api/2.0/mlflow-artifacts/artifacts${queryString({ path })}`, { headers }).then(toReply);
    },
    remove(path: string): Promise<Reply> {
      return app.fetch(url(path), { method: 'DELETE', headers }).then(toReply);
    },
  };
}

/** An MLflow error response: exact status, `error_code`, and a message (optionally matching). */
export function expectMlflowError(reply: Reply, status: number, errorCode: string, message?: RegExp | string): void {
  expect({ status: reply.status, body: reply.body }, reply.text).toEqual({
    status,
    body: { error_code: errorCode, message: message === undefined ? expect.any(String) : typeof message === 'string' ? message : expect.stringMatching(message) },
  });
}

/** A successful MLflow response; returns the body. */
export function expectOk<T = any>(reply: Reply<T>): T {
  expect(reply.status, reply.text).toBe(200);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  return reply.body;
}

export const hexId = expect.stringMatching(/^[0-9a-f]{32}$/);
export const millis = expect.any(Number);
