// A run's MLflow JSON has one writer, PostgreSQL (lib/http/mlflow/wire-run-sql.ts), behind
// runs/get, runs/create, runs/update and runs/search. This holds that JSON to MLflow's Run
// message as written out here by hand from what each run was given, to the key order: every
// kind of field a run can hold (empty parts left out, NaN/±Infinity/-0/tiny/huge metrics,
// int64 steps, escapes and Unicode, dataset inputs with and without schema/profile/tags, model
// inputs and outputs, user_id's fallbacks, the Default experiment, deleted runs), the same run
// through every endpoint that answers it, and runs/search's page envelope (runs and
// next_page_token only when there are some).
import { beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../lib/db/sql.ts';
import { countQueriesWithResult } from '../helpers/count-queries.ts';
import { handleMlflowRequest } from '../../lib/http/mlflow/router.ts';
import { setupTestApp } from '../helpers/app.ts';
import { authHeaders, bearer, expectMlflowError, expectOk, mlflowApi, type MlflowApi } from './support.ts';
import { setupWorld } from './world.ts';

const app = setupTestApp();
const world = setupWorld();

let api: MlflowApi;
let experimentId: string;
const runIds: string[] = [];
/** What runs/create answered for each run, by id. */
const created = new Map<string, string>();
/** MLflow's Run message for each run, built by hand below (key order as MLflow's server writes it). */
const expected = new Map<string, unknown>();

const ODD_TEXT = 'quote " backslash \\ newline \n tab \t control \u0001 unicode é 漢字 emoji 🚀 line separator \u2028';
const START = 1_700_000_000_000;

async function newRun(body: Record<string, unknown> = {}, experiment = experimentId): Promise<string> {
  const reply = await api.post('runs/create', { experiment_id: experiment, start_time: START + runIds.length, ...body });
  const runId: string = expectOk(reply).run.info.run_id;
  runIds.push(runId);
  created.set(runId, reply.text);
  return runId;
}

const artifactLocation = async (id: string): Promise<string> => expectOk(await api.get('experiments/get', { experiment_id: id })).experiment.artifact_location;

/** RunInfo as MLflow writes it: end_time only once set. */
function info(runId: string, fields: { name: string; experiment: string; location: string; userId: string; start: number; status?: string; end?: number; stage?: string }) {
  return {
    run_id: runId,
    run_uuid: runId,
    run_name: fields.name,
    experiment_id: fields.experiment,
    user_id: fields.userId,
    status: fields.status ?? 'RUNNING',
    start_time: fields.start,
    ...(fields.end !== undefined ? { end_time: fields.end } : {}),
    artifact_uri: `${fields.location}/${runId}/artifacts`,
    lifecycle_stage: fields.stage ?? 'active',
  };
}

const kv = (entries: [string, string][]) => entries.map(([key, value]) => ({ key, value }));

beforeAll(async () => {
  api = mlflowApi(app, bearer(world().alpha.write));
  experimentId = expectOk(await api.post('experiments/create', { name: 'search-wire' })).experiment_id;
  const location = await artifactLocation(experimentId);
  const email = world().alpha.ownerEmail;

  // Nothing logged: no end_time, data {} and inputs {}; user_id is the author's email.
  const bare = await newRun({ run_name: 'bare' });
  expected.set(bare, {
    info: info(bare, { name: 'bare', experiment: experimentId, location, userId: email, start: START }),
    data: { tags: kv([['mlflow.runName', 'bare']]) },
    inputs: {},
  });

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
  const producer = await newRun({ run_name: 'producer' });
  const modelA = expectOk(await api.post('logged-models', { experiment_id: experimentId, name: 'a', source_run_id: producer })).model.info.model_id;
  const modelB = expectOk(await api.post('logged-models', { experiment_id: experimentId, name: 'b', source_run_id: producer })).model.info.model_id;
  expectOk(await api.post('runs/outputs', { run_id: producer, models: [{ model_id: modelA, step: 7 }] }));
  expectOk(await api.post('runs/outputs', { run_id: producer, models: [{ model_id: modelB, step: 0 }] }));
  expectOk(await api.post('runs/log-inputs', { run_id: rich, models: [{ model_id: modelA }, { model_id: modelB }] }));
  expectOk(await api.post('runs/update', { run_id: rich, status: 'FINISHED', end_time: 1_700_000_999_999 }));
  expected.set(rich, {
    info: info(rich, { name: ODD_TEXT, experiment: experimentId, location, userId: 'someone@example.test', start: START + 1, status: 'FINISHED', end: 1_700_000_999_999 }),
    data: {
      // Each part in key order; a metric's latest value (NaN and the infinities as protobuf JSON writes them).
      metrics: [
        { key: 'huge', value: 1.5e300, timestamp: 6, step: 5 },
        { key: 'inf', value: 'Infinity', timestamp: 2, step: 1 },
        { key: 'nan', value: 'NaN', timestamp: 1, step: 0 },
        { key: 'negative', value: -123.456, timestamp: 7, step: -3 },
        { key: 'negzero', value: 0, timestamp: 4, step: 3 },
        { key: 'ninf', value: '-Infinity', timestamp: 3, step: 2 },
        { key: 'plain', value: 0.1, timestamp: 1_700_000_000_123, step: 2 ** 40 },
        { key: 'tiny', value: 1e-7, timestamp: 5, step: 4 },
      ],
      params: kv([
        ['b', '2'],
        ['empty', ''],
        ['odd', ODD_TEXT],
      ]),
      tags: kv([
        ['a', ODD_TEXT],
        ['mlflow.runName', ODD_TEXT],
        ['mlflow.user', 'someone@example.test'],
        ['z', 'last'],
      ]),
    },
    inputs: {
      dataset_inputs: [
        {
          tags: kv([
            ['mlflow.data.context', 'training'],
            ['extra', ODD_TEXT],
          ]),
          dataset: { name: 'train', digest: 'd1', source_type: 'local', source: '{"uri": "/data/train.parquet"}', profile: '{"num_rows": 10}' },
        },
        { dataset: { name: 'eval', digest: 'd2', source_type: 's3', source: '{"uri": "s3://b/eval"}', schema: '{"mlflow_colspec": []}' } },
      ],
      model_inputs: [{ model_id: modelA }, { model_id: modelB }],
    },
  });
  expected.set(producer, {
    info: info(producer, { name: 'producer', experiment: experimentId, location, userId: email, start: START + 2 }),
    data: { tags: kv([['mlflow.runName', 'producer']]) },
    inputs: {},
    // MLflow 3's RunOutputs, in the order the models were logged.
    outputs: {
      model_outputs: [
        { model_id: modelA, step: 7 },
        { model_id: modelB, step: 0 },
      ],
    },
  });

  // An empty mlflow.user falls back to the author's email.
  const emptyUser = await newRun({ run_name: 'empty-user', tags: [{ key: 'mlflow.user', value: '' }] });
  expected.set(emptyUser, {
    info: info(emptyUser, { name: 'empty-user', experiment: experimentId, location, userId: email, start: START + 3 }),
    data: {
      tags: kv([
        ['mlflow.runName', 'empty-user'],
        ['mlflow.user', ''],
      ]),
    },
    inputs: {},
  });
  // runs/create's user_id becomes the mlflow.user tag, and user_id.
  const namedUser = await newRun({ run_name: 'named-user', user_id: 'trainer' });
  expected.set(namedUser, {
    info: info(namedUser, { name: 'named-user', experiment: experimentId, location, userId: 'trainer', start: START + 4 }),
    data: {
      tags: kv([
        ['mlflow.runName', 'named-user'],
        ['mlflow.user', 'trainer'],
      ]),
    },
    inputs: {},
  });
  const deleted = await newRun({ run_name: 'deleted' });
  expectOk(await api.post('runs/delete', { run_id: deleted }));
  expected.set(deleted, {
    info: info(deleted, { name: 'deleted', experiment: experimentId, location, userId: email, start: START + 5, stage: 'deleted' }),
    data: { tags: kv([['mlflow.runName', 'deleted']]) },
    inputs: {},
  });
  // The team's Default experiment is "0" on the wire.
  const inDefault = await newRun({ run_name: 'in-default', start_time: 1 }, '0');
  expected.set(inDefault, {
    info: info(inDefault, { name: 'in-default', experiment: '0', location: await artifactLocation('0'), userId: email, start: 1 }),
    data: { tags: kv([['mlflow.runName', 'in-default']]) },
    inputs: {},
  });
});

const search = async (body: Record<string, unknown>) => {
  const reply = await api.post('runs/search', { experiment_ids: [experimentId, '0'], run_view_type: 'ALL', ...body });
  expectOk(reply);
  return reply;
};

/**
 * A run with its inputs in a fixed order: inputs logged by one request share a created_at,
 * and their order among themselves is not defined (as in MLflow).
 */
function inputsSorted(run: any): any {
  if (!run?.inputs) return run;
  const byName = (a: any, b: any) => (a.dataset.name < b.dataset.name ? -1 : 1);
  const byId = (a: any, b: any) => (a.model_id < b.model_id ? -1 : 1);
  const inputs = { ...run.inputs };
  if (inputs.dataset_inputs) inputs.dataset_inputs = [...inputs.dataset_inputs].sort(byName);
  if (inputs.model_inputs) inputs.model_inputs = [...inputs.model_inputs].sort(byId);
  return { ...run, inputs };
}

/** The same run JSON, key order included (toStrictEqual ignores the order of keys). */
function expectSameJson(actual: any, wanted: any) {
  const [a, w] = actual?.run ? [{ run: inputsSorted(actual.run) }, { run: inputsSorted(wanted.run) }] : [inputsSorted(actual), inputsSorted(wanted)];
  expect(a).toStrictEqual(w);
  expect(JSON.stringify(a)).toBe(JSON.stringify(w));
}

describe("a run's MLflow JSON", () => {
  it('is MLflow\'s Run message for every kind of run, through runs/get, to the key order', async () => {
    expect(expected.size).toBe(runIds.length);
    for (const runId of runIds) {
      const reply = await api.get('runs/get', { run_id: runId });
      expectSameJson(expectOk(reply), { run: expected.get(runId) });
    }
  });

  it('reads the same through runs/search, and the same text through runs/get', async () => {
    const { body, text } = await search({ max_results: 1000 });
    expect(new Set(body.runs.map((run: any) => run.info.run_id))).toEqual(new Set(runIds));
    for (const run of body.runs) {
      expectSameJson(run, expected.get(run.info.run_id));
      // Both endpoints pass PostgreSQL's text through: the run's bytes are the same in each.
      const got = await api.get('runs/get', { run_id: run.info.run_id });
      expect(got.text.startsWith('{"run":')).toBe(true);
      expect(text).toContain(got.text.slice('{"run":'.length, -1));
    }
    // Doubles as PostgreSQL writes them, and as Python's json does in MLflow's own server.
    expect(text).toContain('"value":1e-07,');
    expect(text).toContain('"value":1.5e+300,');
  });

  it('is what runs/create answers for a new run, and runs/update its RunInfo', async () => {
    for (const runId of runIds) {
      // runs/create answered before anything else was logged: the run as created.
      const answer = JSON.parse(created.get(runId)!).run;
      const wanted = expected.get(runId) as any;
      expect(Object.keys(answer)).toEqual(['info', 'data', 'inputs']);
      expect(answer.info.run_id).toBe(runId);
      expect(Object.keys(answer.info)).toEqual(Object.keys(wanted.info).filter((key) => key !== 'end_time'));
      expect(answer.info.user_id).toBe(wanted.info.user_id);
      expect(answer.inputs).toEqual({});
    }
    const bare = runIds[0];
    expectSameJson(JSON.parse(created.get(bare)!), { run: expected.get(bare) });

    const rich = runIds[1];
    const update = expectOk(await api.post('runs/update', { run_id: rich, status: 'FINISHED', end_time: 1_700_000_999_999 }));
    expectSameJson(update, { run_info: (expected.get(rich) as any).info });
  });

  it('is read once by runs/create: the JSON PostgreSQL writes, not a run view first', async () => {
    // Through the MLflow router in this process (whatever CAIRN_TEST_TARGET says): the statements go through this process's pool.
    const { result, texts } = await countQueriesWithResult(() =>
      handleMlflowRequest(
        new Request('http://localhost/api/2.0/mlflow/runs/create', {
          method: 'POST',
          headers: { ...authHeaders(bearer(world().alpha.write)), 'content-type': 'application/json' },
          body: JSON.stringify({ experiment_id: experimentId, run_name: 'read once' }),
        }),
      ),
    );
    expect(result.status).toBe(200);
    expect(((await result.json()) as { run: { info: { run_name: string } } }).run.info.run_name).toBe('read once');
    const readsOfTheRun = texts.filter((text) => text.includes('r.id = ANY($1::bpchar[])') || text.includes('unnest($1::bpchar[]) WITH ORDINALITY'));
    expect(readsOfTheRun).toHaveLength(1);
    expect(readsOfTheRun[0]).toContain('unnest($1::bpchar[]) WITH ORDINALITY');
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

  it('is NOT_FOUND for a run that is missing, malformed, another team\'s or purged, through runs/get', async () => {
    const beta = mlflowApi(app, bearer(world().beta.write));
    for (const [caller, runId] of [
      [api, '0'.repeat(32)],
      [api, 'not-a-run-id'],
      [beta, runIds[1]],
    ] as const) {
      expectMlflowError(await caller.get('runs/get', { run_id: runId }), 404, 'RESOURCE_DOES_NOT_EXIST', `Run '${runId}' not found`);
    }
    // A run gone after its team was read (remembered by runs/get's authorization): a purge.
    const gone: string = expectOk(await api.post('runs/create', { experiment_id: experimentId })).run.info.run_id;
    expectOk(await api.get('runs/get', { run_id: gone }));
    await query('DELETE FROM runs WHERE id = $1', [gone]);
    expectMlflowError(await api.get('runs/get', { run_id: gone }), 404, 'RESOURCE_DOES_NOT_EXIST', `Run '${gone}' not found`);
  });
});
