// What an MLflow 3 client's `mlflow.sklearn.log_model(clf, "model")` calls inside a run:
// POST logged-models (a PENDING model of the run), runs/outputs, the model files uploaded
// under the returned artifact_uri through the artifact proxy, GET logged-models/{id}, then
// PATCH logged-models/{id} to READY. (MLflow 2 clients call runs/log-model instead.)
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp } from '../helpers/app.ts';
import { artifactApi, bearer, createExperimentWithRun, expectMlflowError, expectOk, millis, mlflowApi, type MlflowApi } from './support.ts';
import { setupWorld } from './world.ts';

const app = setupTestApp();
const world = setupWorld();

let api: MlflowApi;
let experimentId: string;
let runId: string;

beforeAll(async () => {
  api = mlflowApi(app, bearer(world().alpha.write));
  ({ experimentId, runId } = await createExperimentWithRun(api, 'mlflow3'));
});

describe('MLflow 3 logged models', () => {
  it('runs the log_model sequence', async () => {
    const created = expectOk(
      await api.post('logged-models', {
        experiment_id: experimentId,
        name: 'model',
        source_run_id: runId,
        params: [{ key: 'n_estimators', value: '100' }],
        tags: [{ key: 'mlflow.modelVersions', value: '[]' }],
      }),
    );
    const modelId: string = created.model.info.model_id;
    const artifactUri = `mlflow-artifacts:/${experimentId}/${runId}/artifacts/models/${modelId}/artifacts`;
    expect(created).toEqual({
      model: {
        info: {
          model_id: expect.stringMatching(/^m-[0-9a-f]{32}$/),
          experiment_id: experimentId,
          name: 'model',
          creation_timestamp_ms: millis,
          last_updated_timestamp_ms: millis,
          artifact_uri: artifactUri,
          status: 'LOGGED_MODEL_PENDING',
          source_run_id: runId,
          tags: [{ key: 'mlflow.modelVersions', value: '[]' }],
        },
        data: { params: [{ key: 'n_estimators', value: '100' }] },
      },
    });

    expect(expectOk(await api.post('runs/outputs', { run_id: runId, models: [{ model_id: modelId, step: 0 }] }))).toEqual({});
    const fetched = expectOk(await api.get(`logged-models/${modelId}`));
    expect(fetched.model.info.artifact_uri).toBe(artifactUri);

    // The client uploads the model directory under artifact_uri (inside the run's root).
    const artifacts = artifactApi(app, bearer(world().alpha.write));
    const modelRoot = artifactUri.replace(/^mlflow-artifacts:\//, '');
    expect((await artifacts.put(`${modelRoot}/MLmodel`, 'flavors:\n  sklearn: {}\n', 'text/plain')).status).toBe(200);

    const finalized = expectOk(await api.raw(`logged-models/${modelId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model_id: modelId, status: 'LOGGED_MODEL_READY' }),
    }));
    expect(finalized.model.info.status).toBe('LOGGED_MODEL_READY');
    expect(expectOk(await api.get(`logged-models/${modelId}`)).model.info.status).toBe('LOGGED_MODEL_READY');

    const tagged = expectOk(await api.raw(`logged-models/${modelId}/tags`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tags: [{ key: 'stage', value: 'candidate' }] }),
    }));
    expect(tagged.model.info.tags).toEqual([
      { key: 'mlflow.modelVersions', value: '[]' },
      { key: 'stage', value: 'candidate' },
    ]);
  });

  it('accepts the status by enum number and refuses PENDING as a final status', async () => {
    const { model } = expectOk(await api.post('logged-models', { experiment_id: experimentId, source_run_id: runId }));
    expect(model.info.name).toEqual(expect.any(String));
    const patch = (body: unknown) =>
      api.raw(`logged-models/${model.info.model_id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expectMlflowError(await patch({ status: 'LOGGED_MODEL_PENDING' }), 400, 'INVALID_PARAMETER_VALUE');
    expect(expectOk(await patch({ status: 3 })).model.info.status).toBe('LOGGED_MODEL_UPLOAD_FAILED');
  });

  it('refuses a model without a source run, or with a run of another experiment', async () => {
    expectMlflowError(await api.post('logged-models', { experiment_id: experimentId, name: 'orphan' }), 400, 'INVALID_PARAMETER_VALUE');
    const other = expectOk(await api.post('experiments/create', { name: 'mlflow3-other' })).experiment_id;
    expectMlflowError(await api.post('logged-models', { experiment_id: other, source_run_id: runId }), 400, 'INVALID_PARAMETER_VALUE');
  });

  it('answers RESOURCE_DOES_NOT_EXIST for unknown models and for other teams', async () => {
    expectMlflowError(await api.get(`logged-models/m-${'0'.repeat(32)}`), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await api.get('logged-models/not-a-model'), 404, 'RESOURCE_DOES_NOT_EXIST');
    const { model } = expectOk(await api.post('logged-models', { experiment_id: experimentId, source_run_id: runId }));
    const stranger = mlflowApi(app, bearer(world().beta.write));
    expectMlflowError(await stranger.get(`logged-models/${model.info.model_id}`), 404, 'RESOURCE_DOES_NOT_EXIST');
  });
});
