// A deleted run takes no more writes, as in MLflow's stores (_check_run_is_active): updating
// it, logging data, datasets or models to it is INVALID_PARAMETER_VALUE with MLflow's wording,
// and nothing is written. Restoring it makes it writable again.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestApp } from '../helpers/app.ts';
import { bearer, createExperimentWithRun, expectMlflowError, expectOk, mlflowApi, type MlflowApi } from './support.ts';
import { setupWorld } from './world.ts';

const app = setupTestApp();
const world = setupWorld();

let api: MlflowApi;
let experimentId: string;
let runId: string;

beforeAll(async () => {
  api = mlflowApi(app, bearer(world().alpha.write));
  ({ experimentId, runId } = await createExperimentWithRun(api, 'deleted-runs'));
  expectOk(await api.post('runs/delete', { run_id: runId }));
});

describe('a deleted run', () => {
  const refused = () => `The run ${runId} must be in the 'active' state. Current state is deleted.`;

  it('refuses runs/update (MLflow update_run_info checks the run is active)', async () => {
    expectMlflowError(await api.post('runs/update', { run_id: runId, status: 'FINISHED', run_name: 'late' }), 400, 'INVALID_PARAMETER_VALUE', refused());
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    expect({ status: run.status, name: run.name === 'late' }).toEqual({ status: 'RUNNING', name: false });
  });

  it('refuses log-inputs, log-model and logged-models, writing nothing', async () => {
    expectMlflowError(
      await api.post('runs/log-inputs', {
        run_id: runId,
        datasets: [{ dataset: { name: 'train', digest: 'abc', source_type: 'local', source: '{}' } }],
      }),
      400,
      'INVALID_PARAMETER_VALUE',
      refused(),
    );
    expectMlflowError(
      await api.post('runs/log-model', {
        run_id: runId,
        model_json: JSON.stringify({ artifact_path: 'model', flavors: { sklearn: {} }, utc_time_created: '2024-01-01 00:00:00.000000', run_id: runId }),
      }),
      400,
      'INVALID_PARAMETER_VALUE',
      refused(),
    );
    expectMlflowError(await api.post('logged-models', { experiment_id: experimentId, name: 'model', source_run_id: runId }), 400, 'INVALID_PARAMETER_VALUE', refused());
    expect(await db.runInput.count({ where: { runId } })).toBe(0);
    expect(await db.loggedModel.count({ where: { runId } })).toBe(0);
  });

  it('takes writes again once restored', async () => {
    expectOk(await api.post('runs/restore', { run_id: runId }));
    const updated = expectOk(await api.post('runs/update', { run_id: runId, status: 'FINISHED' }));
    expect(updated.run_info.status).toBe('FINISHED');
  });
});
