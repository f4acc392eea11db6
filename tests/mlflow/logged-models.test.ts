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

describe('finding, tidying and deleting logged models (MLflow 3 client)', () => {
  const patch = (path: string, body: unknown) =>
    api.raw(path, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const remove = (path: string) => api.raw(path, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: '{}' });

  let searchExperiment: string;
  let ids: string[];

  beforeAll(async () => {
    searchExperiment = expectOk(await api.post('experiments/create', { name: 'mlflow3-search' })).experiment_id;
    const run = expectOk(await api.post('runs/create', { experiment_id: searchExperiment, start_time: 1 })).run.info.run_id;
    ids = [];
    for (const [name, type] of [['model', 'sklearn'], ['model', 'xgb'], ['other', 'sklearn']]) {
      const { model } = expectOk(
        await api.post('logged-models', {
          experiment_id: searchExperiment,
          name,
          model_type: type,
          source_run_id: run,
          params: [{ key: 'alpha', value: name === 'other' ? '0.5' : '0.1' }],
          tags: [{ key: 'team', value: type }],
        }),
      );
      ids.push(model.info.model_id);
    }
    expectOk(await patch(`logged-models/${ids[0]}`, { status: 'LOGGED_MODEL_READY' }));
  });

  const search = async (body: Record<string, unknown>) => expectOk(await api.post('logged-models/search', { experiment_ids: [searchExperiment], ...body }));
  const found = (reply: { models?: { info: { model_id: string } }[] }) => (reply.models ?? []).map((m) => m.info.model_id);

  it('filters on name, attributes, params and tags, newest first by default', async () => {
    expect(found(await search({ filter: "name = 'model'" }))).toEqual([ids[1], ids[0]]);
    expect(found(await search({ filter: "model_type = 'sklearn' AND params.alpha = '0.1'" }))).toEqual([ids[0]]);
    expect(found(await search({ filter: "tags.team IN ('xgb')" }))).toEqual([ids[1]]);
    expect(found(await search({ filter: "status = 'READY'" }))).toEqual([ids[0]]);
    expect(found(await search({ filter: `source_run_id != 'x' AND name LIKE 'mod%' AND creation_timestamp > 0` }))).toEqual([ids[1], ids[0]]);
    expect(found(await search({}))).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('orders by attributes and pages with tokens', async () => {
    expect(found(await search({ order_by: [{ field_name: 'name', ascending: false }] })).at(0)).toBe(ids[2]);
    const first = await search({ max_results: 2, order_by: [{ field_name: 'creation_timestamp', ascending: true }] });
    expect(found(first)).toEqual([ids[0], ids[1]]);
    expect(first.next_page_token).toEqual(expect.any(String));
    const second = await search({ max_results: 2, order_by: [{ field_name: 'creation_timestamp', ascending: true }], page_token: first.next_page_token });
    expect(found(second)).toEqual([ids[2]]);
    expect(second.next_page_token).toBeUndefined();
  });

  it('refuses what it cannot answer with INVALID_PARAMETER_VALUE, and experiments of nobody with RESOURCE_DOES_NOT_EXIST', async () => {
    expectMlflowError(await api.post('logged-models/search', { experiment_ids: [searchExperiment], filter: 'metrics.acc > 0.5' }), 400, 'INVALID_PARAMETER_VALUE', /metrics/);
    expectMlflowError(await api.post('logged-models/search', { experiment_ids: [searchExperiment], filter: "colour = 'red'" }), 400, 'INVALID_PARAMETER_VALUE', /unknown attribute/);
    expectMlflowError(
      await api.post('logged-models/search', { experiment_ids: [searchExperiment], order_by: [{ field_name: 'metrics.acc' }] }),
      400,
      'INVALID_PARAMETER_VALUE',
    );
    expectMlflowError(await api.post('logged-models/search', { experiment_ids: [searchExperiment], page_token: 'garbage' }), 400, 'INVALID_PARAMETER_VALUE');
    expectMlflowError(await api.post('logged-models/search', { experiment_ids: ['987654'] }), 404, 'RESOURCE_DOES_NOT_EXIST');
    const stranger = mlflowApi(app, bearer(world().beta.write));
    expectMlflowError(await stranger.post('logged-models/search', { experiment_ids: [searchExperiment] }), 404, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('logs more params, deletes a tag (unknown keys are RESOURCE_DOES_NOT_EXIST) and deletes the model', async () => {
    expect(expectOk(await api.post(`logged-models/${ids[2]}/params`, { params: [{ key: 'beta', value: '2' }, { key: 'alpha', value: '0.7' }] }))).toEqual({});
    const withParams = expectOk(await api.get(`logged-models/${ids[2]}`)).model;
    expect(withParams.data.params).toEqual([
      { key: 'alpha', value: '0.7' },
      { key: 'beta', value: '2' },
    ]);

    expect(expectOk(await remove(`logged-models/${ids[2]}/tags/team`))).toEqual({});
    expect(expectOk(await api.get(`logged-models/${ids[2]}`)).model.info.tags).toBeUndefined();
    expectMlflowError(await remove(`logged-models/${ids[2]}/tags/team`), 404, 'RESOURCE_DOES_NOT_EXIST');

    expect(expectOk(await remove(`logged-models/${ids[2]}`))).toEqual({});
    expectMlflowError(await api.get(`logged-models/${ids[2]}`), 404, 'RESOURCE_DOES_NOT_EXIST');
    expect(found(await search({}))).toEqual([ids[1], ids[0]]);
    expectMlflowError(await remove(`logged-models/${ids[2]}`), 404, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('answers run.outputs with the models a run produced and their step', async () => {
    const { experimentId: exp, runId: run } = await createExperimentWithRun(api, 'mlflow3-outputs');
    const { model } = expectOk(await api.post('logged-models', { experiment_id: exp, name: 'model', source_run_id: run }));
    expect(expectOk(await api.get('runs/get', { run_id: run })).run.outputs).toEqual({ model_outputs: [{ model_id: model.info.model_id, step: 0 }] });
    expectOk(await api.post('runs/outputs', { run_id: run, models: [{ model_id: model.info.model_id, step: 7 }] }));
    expect(expectOk(await api.get('runs/get', { run_id: run })).run.outputs).toEqual({ model_outputs: [{ model_id: model.info.model_id, step: 7 }] });
  });
});
