// runs/search writes its runs' JSON in SQL (lib/http/mlflow/wire-run-sql.ts); runs/get writes
// it with wireRun from a run view (lib/http/mlflow/wire.ts). The same run must read the same
// through both, to the key order: every kind of field a run can hold (empty parts left out,
// NaN/±Infinity/-0/tiny/huge metrics, int64 steps, escapes, dataset inputs with and without
// schema/profile/tags, model inputs and outputs, user_id's fallbacks, the Default experiment,
// deleted runs), and the page envelope (runs and next_page_token only when there are some).
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp } from '../helpers/app.ts';
import { bearer, expectOk, mlflowApi, type MlflowApi } from './support.ts';
import { setupWorld } from './world.ts';

const app = setupTestApp();
const world = setupWorld();

let api: MlflowApi;
let experimentId: string;
const runIds: string[] = [];

const ODD_TEXT = 'quote " backslash \\ newline \n tab \t control \u0001 unicode é 漢字 emoji 🚀 line separator \u2028';

async function newRun(body: Record<string, unknown> = {}): Promise<string> {
  const runId: string = expectOk(await api.post('runs/create', { experiment_id: experimentId, start_time: 1_700_000_000_000 + runIds.length, ...body })).run.info.run_id;
  runIds.push(runId);
  return runId;
}

beforeAll(async () => {
  api = mlflowApi(app, bearer(world().alpha.write));
  experimentId = expectOk(await api.post('experiments/create', { name: 'search-wire' })).experiment_id;

  await newRun(); // nothing logged: no end_time, data {} and inputs {}

  const rich = await newRun({ run_name: ODD_TEXT, tags: [{ key: 'mlflow.user', value: 'someone@example.test' }] });
  expectOk(
    await api.post('runs/log-batch', {
      run_id: rich,
      params: [
        { key: 'odd', value: ODD_TEXT },
        { key: 'empty', value: '' },
        { key: 'b', value: '2' },
      ],
      tags: [
        { key: 'z', value: 'last' },
        { key: 'a', value: ODD_TEXT },
      ],
      metrics: [
        { key: 'nan', value: 'NaN', timestamp: 1, step: 0 },
        { key: 'inf', value: 'Infinity', timestamp: 2, step: 1 },
        { key: 'ninf', value: '-Infinity', timestamp: 3, step: 2 },
        { key: 'negzero', value: '-0', timestamp: 4, step: 3 }, // stored as 0,
        { key: 'tiny', value: 1e-7, timestamp: 5, step: 4 },
        { key: 'huge', value: 1.5e300, timestamp: 6, step: 5 },
        { key: 'plain', value: 0.1, timestamp: 1_700_000_000_123, step: 2 ** 40 },
        { key: 'negative', value: -123.456, timestamp: 7, step: -3 },
      ],
    }),
  );
  expectOk(
    await api.post('runs/log-inputs', {
      run_id: rich,
      datasets: [
        {
          dataset: { name: 'train', digest: 'd1', source_type: 'local', source: '{"uri": "/data/train.parquet"}', profile: '{"num_rows": 10}' },
          tags: [
            { key: 'mlflow.data.context', value: 'training' },
            { key: 'extra', value: ODD_TEXT },
          ],
        },
        { dataset: { name: 'eval', digest: 'd2', source_type: 's3', source: '{"uri": "s3://b/eval"}', schema: '{"mlflow_colspec": []}' } },
      ],
    }),
  );
  const producer = await newRun();
  const modelA = expectOk(await api.post('logged-models', { experiment_id: experimentId, name: 'a', source_run_id: producer })).model.info.model_id;
  const modelB = expectOk(await api.post('logged-models', { experiment_id: experimentId, name: 'b', source_run_id: producer })).model.info.model_id;
  expectOk(await api.post('runs/outputs', { run_id: producer, models: [{ model_id: modelA, step: 7 }] }));
  expectOk(await api.post('runs/outputs', { run_id: producer, models: [{ model_id: modelB, step: 0 }] }));
  expectOk(await api.post('runs/log-inputs', { run_id: rich, models: [{ model_id: modelA }, { model_id: modelB }] }));
  expectOk(await api.post('runs/update', { run_id: rich, status: 'FINISHED', end_time: 1_700_000_999_999 }));

  // An empty mlflow.user falls back to the author's email.
  await newRun({ tags: [{ key: 'mlflow.user', value: '' }] });
  const deleted = await newRun({ run_name: 'deleted' });
  expectOk(await api.post('runs/delete', { run_id: deleted }));
  const inDefault: string = expectOk(await api.post('runs/create', { experiment_id: '0', start_time: 1 })).run.info.run_id;
  runIds.push(inDefault);
});

const search = async (body: Record<string, unknown>) => {
  const reply = await api.post('runs/search', { experiment_ids: [experimentId, '0'], run_view_type: 'ALL', ...body });
  expectOk(reply);
  return reply;
};

describe('runs/search answers each run exactly as runs/get does', () => {
  it('for every kind of run, field for field and in the same key order', async () => {
    const { body } = await search({ max_results: 1000 });
    expect(new Set(body.runs.map((run: any) => run.info.run_id))).toEqual(new Set(runIds));
    for (const run of body.runs) {
      const { run: got } = expectOk(await api.get('runs/get', { run_id: run.info.run_id }));
      expect(run).toStrictEqual(got);
      expect(JSON.stringify(run)).toBe(JSON.stringify(got));
    }
    const rich = body.runs.find((run: any) => run.data.metrics?.length);
    // What the comparison covers (so it cannot pass on runs that hold nothing).
    expect(rich.data.metrics.find((m: any) => m.key === 'nan').value).toBe('NaN');
    expect(rich.data.metrics.find((m: any) => m.key === 'negzero').value).toBe(0);
    expect(rich.data.metrics.find((m: any) => m.key === 'plain').step).toBe(2 ** 40);
    expect(rich.info.end_time).toBe(1_700_000_999_999);
    expect(rich.info.user_id).toBe('someone@example.test');
    expect(rich.inputs.dataset_inputs).toHaveLength(2);
    const dataset = (name: string) => rich.inputs.dataset_inputs.find((input: any) => input.dataset.name === name);
    expect(dataset('train').dataset.schema).toBeUndefined();
    expect(dataset('train').tags).toHaveLength(2);
    expect(dataset('eval').dataset.schema).toBe('{"mlflow_colspec": []}');
    expect(dataset('eval').dataset.profile).toBeUndefined();
    expect(dataset('eval').tags).toBeUndefined();
    expect(rich.inputs.model_inputs).toHaveLength(2);
    expect(body.runs.find((run: any) => run.outputs)?.outputs.model_outputs.map((m: any) => m.step)).toEqual([7, 0]);
    expect(body.runs.find((run: any) => run.info.experiment_id === '0')).toBeDefined();
    expect(body.runs.find((run: any) => run.info.lifecycle_stage === 'deleted')).toBeDefined();
    const bare = body.runs.find((run: any) => run.info.run_id === runIds[0]);
    expect(bare.info.end_time).toBeUndefined();
    expect(bare.data.metrics).toBeUndefined();
    expect(bare.inputs).toEqual({});
    expect(bare.outputs).toBeUndefined();
  });

  it('pages carry next_page_token only while more follow, and an empty page is {}', async () => {
    const first = await search({ max_results: 2, order_by: ['attributes.start_time ASC'] });
    expect(first.body.runs).toHaveLength(2);
    expect(Object.keys(first.body)).toEqual(['runs', 'next_page_token']);
    const seen = [...first.body.runs];
    for (let token = first.body.next_page_token; token; ) {
      const next = await search({ max_results: 2, order_by: ['attributes.start_time ASC'], page_token: token });
      seen.push(...next.body.runs);
      token = next.body.next_page_token;
    }
    const all = await search({ max_results: 1000, order_by: ['attributes.start_time ASC'] });
    expect(Object.keys(all.body)).toEqual(['runs']);
    expect(seen).toStrictEqual(all.body.runs);

    const none = await search({ filter: "params.nothing = 'here'" });
    expect(none.text).toBe('{}');
  });
});
