// Credentials on the MLflow REST API: none is UNAUTHENTICATED (401); a token works as a
// Bearer token (MLFLOW_TRACKING_TOKEN) and as the Basic password (MLFLOW_TRACKING_USERNAME/
// PASSWORD); a revoked or unknown token is refused like no token at all.
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../helpers/app.ts';
import { basic, bearer, expectMlflowError, expectOk, mlflowApi } from './support.ts';
import { setupWorld } from './world.ts';

const app = setupTestApp();
const world = setupWorld();

describe('MLflow REST authentication', () => {
  it('answers 401 UNAUTHENTICATED without credentials, on reads and writes', async () => {
    const anonymous = mlflowApi(app, null);
    const search = await anonymous.post('experiments/search', {});
    expectMlflowError(search, 401, 'UNAUTHENTICATED');
    expect(search.headers.get('www-authenticate')).toMatch(/^Basic /);
    expectMlflowError(await anonymous.get('runs/get', { run_id: 'a'.repeat(32) }), 401, 'UNAUTHENTICATED');
    expectMlflowError(await anonymous.post('experiments/create', { name: 'x' }), 401, 'UNAUTHENTICATED');
    // Under /ajax-api too.
    expectMlflowError(await mlflowApi(app, null, '/ajax-api/2.0/mlflow').post('experiments/search', {}), 401, 'UNAUTHENTICATED');
  });

  it('accepts a token as Bearer', async () => {
    const api = mlflowApi(app, bearer(world().alpha.write));
    expect(expectOk(await api.post('experiments/create', { name: 'via-bearer' }))).toEqual({ experiment_id: expect.any(String) });
  });

  it('accepts a token as the Basic password (user:token)', async () => {
    const { alpha } = world();
    const api = mlflowApi(app, basic(alpha.ownerEmail, alpha.write));
    const { experiment_id } = expectOk(await api.post('experiments/create', { name: 'via-basic' }));
    expect(expectOk(await api.get('experiments/get', { experiment_id })).experiment.name).toBe('via-basic');
    // The username is informational: MLflow clients may send any.
    expectOk(await mlflowApi(app, basic('anything', alpha.write)).get('experiments/get', { experiment_id }));
  });

  it('refuses revoked, unknown and malformed credentials with 401', async () => {
    const { alpha } = world();
    for (const credentials of [
      bearer(alpha.revoked),
      basic(alpha.ownerEmail, alpha.revoked),
      bearer('cairn_definitely_not_a_token'),
      bearer(''),
      basic(alpha.ownerEmail, ''),
    ]) {
      expectMlflowError(await mlflowApi(app, credentials).post('experiments/search', {}), 401, 'UNAUTHENTICATED');
    }
    const garbled = await app.fetch('/api/2.0/mlflow/experiments/search', {
      method: 'POST',
      headers: { authorization: 'Basic !!!not-base64', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(garbled.status).toBe(401);
  });

  it('accepts a signed-in session (the web UI) acting in the named team', async () => {
    const { alpha } = world();
    const api = mlflowApi(app, { cookie: alpha.sessionCookie, team: alpha.slug });
    expectOk(await api.post('experiments/search', {}));
  });
});
