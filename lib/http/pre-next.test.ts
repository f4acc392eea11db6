// The routes the server answers before Next, through a real HTTP server on the test database:
// the MLflow API (and its /ajax-api twin), the artifact proxy with a streamed upload and
// download, health; Next's route semantics (HEAD, OPTIONS, 405); everything else falls through
// untouched to whatever comes next (here a stand-in answering 418).
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { setupWorld } from '../../tests/mlflow/world.ts';
import { createPreNextHandler } from './pre-next.ts';

const storeBase = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-pre-next-'));
process.env.CAIRN_ARTIFACT_STORE = path.join(storeBase, 'store');

setupTestDatabase();
const world = setupWorld();
let server: http.Server;
let base: string;

beforeAll(async () => {
  const handle = await createPreNextHandler();
  server = http.createServer((req, res) => {
    void handle(req, res).then((answered) => {
      if (!answered) res.writeHead(418).end('next');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(storeBase, { recursive: true, force: true });
});

const auth = () => ({ authorization: `Bearer ${world().alpha.write}` });

it('answers the MLflow API, under /ajax-api too, with its errors', async () => {
  const created = await fetch(`${base}/api/2.0/mlflow/runs/create`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify({ experiment_id: '0', start_time: 1 }),
  });
  expect(created.status).toBe(200);
  const runId = (await created.json()).run.info.run_id;
  const got = await fetch(`${base}/ajax-api/2.0/mlflow/runs/get?run_id=${runId}`, { headers: auth() });
  expect((await got.json()).run.info.run_id).toBe(runId);
  const anonymous = await fetch(`${base}/api/2.0/mlflow/runs/get?run_id=${runId}`);
  expect(anonymous.status).toBe(401);
  expect((await anonymous.json()).error_code).toBe('UNAUTHENTICATED');
  const head = await fetch(`${base}/api/2.0/mlflow/runs/get?run_id=${runId}`, { method: 'HEAD', headers: auth() });
  expect(head.status).toBe(200);
  expect(await head.text()).toBe('');
});

it('streams artifacts both ways and keeps route semantics (OPTIONS, 405)', async () => {
  const runId = (await (await fetch(`${base}/api/2.0/mlflow/runs/create`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ experiment_id: '0' }) })).json()).run.info.run_id;
  const root = (await (await fetch(`${base}/api/2.0/mlflow/runs/get?run_id=${runId}`, { headers: auth() })).json()).run.info.artifact_uri.replace(/^mlflow-artifacts:\//, '');
  const bytes = randomBytes(3 * 1024 * 1024 + 17);
  const url = `${base}/api/2.0/mlflow-artifacts/artifacts/${root}/model/weights.bin`;
  const put = await fetch(url, { method: 'PUT', headers: auth(), body: bytes });
  expect(put.status).toBe(200);
  const downloaded = Buffer.from(await (await fetch(url, { headers: auth() })).arrayBuffer());
  expect(createHash('sha256').update(downloaded).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  const options = await fetch(url, { method: 'OPTIONS' });
  expect(options.status).toBe(204);
  expect(options.headers.get('allow')).toContain('PUT');
  expect((await fetch(url, { method: 'PATCH', headers: auth() })).status).toBe(405);
});

it('answers health and leaves every other path to Next', async () => {
  const health = await fetch(`${base}/api/health`);
  expect(await health.json()).toEqual({ status: 'ok', db: 'ok' });
  for (const other of ['/api/graphql', '/', '/t/team/projects', '/api/auth/session', '/api/2.0', '/api/healthz']) {
    const response = await fetch(`${base}${other}`);
    expect(response.status, other).toBe(418);
  }
  // MLflow's namespace answers in MLflow's shape even with no route (found by the body fuzzer).
  for (const path of ['/api/2.0/mlflow/', '/api/2.0/mlflow/logged-models/..', '/ajax-api/2.0/mlflow']) {
    const response = await fetch(`${base}${path}`, { headers: auth() });
    expect(response.status, path).toBe(404);
    expect(await response.json(), path).toMatchObject({ error_code: 'ENDPOINT_NOT_FOUND' });
  }
});
