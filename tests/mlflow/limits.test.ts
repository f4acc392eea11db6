// MLflow's limits and bad input over REST: every refusal answers with MLflow's error code
// and status, and writes nothing (checked in the database and through follow-up reads).
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp } from '../helpers/app.ts';
import { db } from '../../lib/db/client.ts';
import { bearer, expectMlflowError, expectOk, mlflowApi, type MlflowApi } from './support.ts';
import { setupWorld } from './world.ts';

const app = setupTestApp();
const world = setupWorld();

let api: MlflowApi;
let experimentId: string;

beforeAll(async () => {
  api = mlflowApi(app, bearer(world().alpha.write));
  experimentId = expectOk(await api.post('experiments/create', { name: 'limits' })).experiment_id;
});

async function newRun(): Promise<string> {
  return expectOk(await api.post('runs/create', { experiment_id: experimentId, start_time: 1 })).run.info.run_id;
}

/** Everything a run holds, to prove a refused request changed nothing. */
async function contents(runId: string) {
  const [params, tags, points, latest] = await Promise.all([
    db.param.findMany({ where: { runId }, orderBy: { key: 'asc' } }),
    db.runTag.findMany({ where: { runId }, orderBy: { key: 'asc' } }),
    db.metricPoint.count({ where: { runId } }),
    db.latestMetric.count({ where: { runId } }),
  ]);
  return { params, tags, points, latest };
}

const metric = (i: number) => ({ key: `m${i}`, value: i, timestamp: 1000 + i, step: 0 });
const param = (i: number) => ({ key: `p${i}`, value: String(i) });
const tag = (i: number) => ({ key: `t${i}`, value: String(i) });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('log-batch limits', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['more than 1000 metrics', { metrics: range(1001).map(metric) }],
    ['more than 100 params', { params: range(101).map(param) }],
    ['more than 100 tags', { tags: range(101).map(tag) }],
    ['more than 1000 entities in all', { metrics: range(901).map(metric), params: range(100).map(param) }],
    ['a metric key over 250 characters', { metrics: [metric(0), { ...metric(1), key: 'k'.repeat(251) }] }],
    ['a param key with ..', { params: [param(0), { key: 'a/../b', value: 'x' }] }],
    ['a tag key starting with /', { tags: [tag(0), { key: '/etc/passwd', value: 'x' }] }],
    ['a param value over 6000 characters', { params: [param(0), { key: 'big', value: 'v'.repeat(6001) }] }],
    ['a tag value over 5000 characters', { tags: [tag(0), { key: 'big', value: 'v'.repeat(5001) }] }],
    ['a non-numeric metric value', { metrics: [metric(0), { key: 'acc', value: 'high', timestamp: 1, step: 0 }] }],
    ['a boolean metric value', { metrics: [metric(0), { key: 'acc', value: true, timestamp: 1, step: 0 }] }],
    ['a metric without a timestamp', { metrics: [metric(0), { key: 'acc', value: 1, step: 0 }] }],
    ['a non-integer step', { metrics: [metric(0), { key: 'acc', value: 1, timestamp: 1, step: 1.5 }] }],
  ];
  it.each(cases)('refuses %s with INVALID_PARAMETER_VALUE and writes nothing', async (_name, batch) => {
    const runId = await newRun();
    const before = await contents(runId);
    expectMlflowError(await api.post('runs/log-batch', { run_id: runId, ...batch }), 400, 'INVALID_PARAMETER_VALUE');
    expect(await contents(runId)).toEqual(before);
  });

  it('accepts exactly 1000 metrics, 100 params and 100 tags in separate batches', async () => {
    const runId = await newRun();
    expectOk(await api.post('runs/log-batch', { run_id: runId, metrics: range(1000).map(metric) }));
    expectOk(await api.post('runs/log-batch', { run_id: runId, params: range(100).map(param), tags: range(99).map(tag) }));
    const after = await contents(runId);
    expect(after.points).toBe(1000);
    expect(after.params).toHaveLength(100);
    // 99 tags plus the mlflow.runName tag runs/create wrote.
    expect(after.tags).toHaveLength(100);
  });

  it('accepts keys of exactly 250 characters and the characters MLflow allows', async () => {
    const runId = await newRun();
    const keys = ['k'.repeat(250), 'with space', 'dir/sub-key_1.x:y'];
    expectOk(await api.post('runs/log-batch', { run_id: runId, params: keys.map((key) => ({ key, value: 'v' })) }));
    expect((await contents(runId)).params.map((p) => p.key).sort()).toEqual([...keys].sort());
  });
});

describe('single-entity endpoints', () => {
  it('refuses a param key over 250 characters, with .. or a leading /', async () => {
    const runId = await newRun();
    for (const key of ['k'.repeat(251), 'a/../b', '..', '/abs']) {
      expectMlflowError(await api.post('runs/log-parameter', { run_id: runId, key, value: '1' }), 400, 'INVALID_PARAMETER_VALUE');
      expectMlflowError(await api.post('runs/set-tag', { run_id: runId, key, value: '1' }), 400, 'INVALID_PARAMETER_VALUE');
      expectMlflowError(await api.post('runs/log-metric', { run_id: runId, key, value: 1, timestamp: 1 }), 400, 'INVALID_PARAMETER_VALUE');
    }
    expect(await contents(runId)).toMatchObject({ params: [], points: 0 });
  });

  it('refuses a param value over 6000 and a tag value over 5000 characters', async () => {
    const runId = await newRun();
    expectMlflowError(await api.post('runs/log-parameter', { run_id: runId, key: 'p', value: 'x'.repeat(6001) }), 400, 'INVALID_PARAMETER_VALUE');
    expectMlflowError(await api.post('runs/set-tag', { run_id: runId, key: 't', value: 'x'.repeat(5001) }), 400, 'INVALID_PARAMETER_VALUE');
    expectOk(await api.post('runs/log-parameter', { run_id: runId, key: 'p', value: 'x'.repeat(6000) }));
    expectOk(await api.post('runs/set-tag', { run_id: runId, key: 't', value: 'x'.repeat(5000) }));
  });

  it('refuses changing a param value (params are immutable)', async () => {
    const runId = await newRun();
    expectOk(await api.post('runs/log-parameter', { run_id: runId, key: 'lr', value: '0.01' }));
    expectMlflowError(await api.post('runs/log-parameter', { run_id: runId, key: 'lr', value: '0.1' }), 400, 'INVALID_PARAMETER_VALUE');
    // In a batch too, and the batch's other entries are not written.
    expectMlflowError(
      await api.post('runs/log-batch', { run_id: runId, params: [{ key: 'lr', value: '0.2' }], metrics: [metric(0)], tags: [tag(0)] }),
      400,
      'INVALID_PARAMETER_VALUE',
    );
    const after = await contents(runId);
    expect(after.params.map(({ key, value }) => ({ key, value }))).toEqual([{ key: 'lr', value: '0.01' }]);
    expect(after.points).toBe(0);
    expect(after.tags.map((t) => t.key)).not.toContain('t0');
  });

  it('refuses a non-numeric metric value', async () => {
    const runId = await newRun();
    for (const value of ['abc', '', null, { v: 1 }, [1]]) {
      expectMlflowError(await api.post('runs/log-metric', { run_id: runId, key: 'acc', value, timestamp: 1 }), 400, 'INVALID_PARAMETER_VALUE');
    }
    expect((await contents(runId)).points).toBe(0);
  });
});

describe('malformed requests', () => {
  it('refuses malformed JSON', async () => {
    const runId = await newRun();
    const reply = await api.post('runs/log-batch', `{"run_id": "${runId}", "metrics": [`);
    expectMlflowError(reply, 400, 'INVALID_PARAMETER_VALUE');
    expectMlflowError(await api.post('experiments/create', '[1, 2]'), 400, 'INVALID_PARAMETER_VALUE');
  });

  it('refuses a body over 1 MB and writes nothing', async () => {
    const runId = await newRun();
    const filler = 'x'.repeat(1_100_000);
    const reply = await api.post('runs/set-tag', { run_id: runId, key: 'big', value: filler });
    expectMlflowError(reply, 413, 'INVALID_PARAMETER_VALUE');
    expect((await contents(runId)).tags.map((t) => t.key)).not.toContain('big');
  });

  it('refuses a missing required field', async () => {
    expectMlflowError(await api.post('runs/log-parameter', { key: 'a', value: 'b' }), 400, 'INVALID_PARAMETER_VALUE', /run_id/);
    expectMlflowError(await api.post('experiments/create', {}), 400, 'INVALID_PARAMETER_VALUE', /name/);
    expectMlflowError(await api.get('metrics/get-history', { run_id: 'a'.repeat(32) }), 400, 'INVALID_PARAMETER_VALUE', /metric_key/);
  });

  it('answers an unknown endpoint with ENDPOINT_NOT_FOUND', async () => {
    expectMlflowError(await api.post('runs/teleport', {}), 404, 'ENDPOINT_NOT_FOUND');
  });
});

describe('missing and duplicate resources', () => {
  it('answers RESOURCE_DOES_NOT_EXIST (404) for an unknown run id on every run endpoint', async () => {
    const unknown = 'f'.repeat(32);
    expectMlflowError(await api.get('runs/get', { run_id: unknown }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await api.get('runs/get', { run_id: 'not-a-run-id' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await api.post('runs/log-batch', { run_id: unknown, metrics: [metric(0)] }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await api.post('runs/update', { run_id: unknown, status: 'FINISHED' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await api.get('metrics/get-history', { run_id: unknown, metric_key: 'a' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await api.get('experiments/get', { experiment_id: '999999' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await api.get('experiments/get-by-name', { experiment_name: 'nope' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expect(await db.metricPoint.count({ where: { runId: unknown } })).toBe(0);
  });

  it('answers RESOURCE_ALREADY_EXISTS (400) for a duplicate experiment name', async () => {
    expectOk(await api.post('experiments/create', { name: 'twice' }));
    expectMlflowError(await api.post('experiments/create', { name: 'twice' }), 400, 'RESOURCE_ALREADY_EXISTS');
    expect(await db.project.count({ where: { name: 'twice' } })).toBe(1);
  });
});

describe('search input', () => {
  it('refuses a malformed filter with INVALID_PARAMETER_VALUE naming the position', async () => {
    for (const filter of ['metrics.acc >', "params.lr = '0.1' and", 'metrics.acc > 0.9 or metrics.acc < 0.1', "bogus.key = 'x'", "params.lr = 'unterminated"]) {
      expectMlflowError(await api.post('runs/search', { experiment_ids: [experimentId], filter }), 400, 'INVALID_PARAMETER_VALUE', /position/i);
    }
    expectMlflowError(await api.post('experiments/search', { filter: "name = 'x' or name = 'y'" }), 400, 'INVALID_PARAMETER_VALUE', /position/i);
  });

  it('refuses max_results out of range', async () => {
    expectMlflowError(await api.post('runs/search', { experiment_ids: [experimentId], max_results: 50_001 }), 400, 'INVALID_PARAMETER_VALUE');
    expectMlflowError(await api.post('runs/search', { experiment_ids: [experimentId], max_results: 0 }), 400, 'INVALID_PARAMETER_VALUE');
  });
});

describe('NaN, Infinity and retries', () => {
  it('stores NaN and ±Infinity faithfully and writes them as protobuf JSON does', async () => {
    const runId = await newRun();
    expectOk(
      await api.post('runs/log-batch', {
        run_id: runId,
        metrics: [
          { key: 'odd', value: 'NaN', timestamp: 1, step: 0 },
          { key: 'odd', value: 'Infinity', timestamp: 2, step: 1 },
          { key: 'odd', value: '-Infinity', timestamp: 3, step: 2 },
          { key: 'fine', value: '0.5', timestamp: 4, step: 0 },
        ],
      }),
    );
    expectOk(await api.post('runs/log-metric', { run_id: runId, key: 'solo', value: 'NaN', timestamp: 5 }));
    expect(expectOk(await api.get('metrics/get-history', { run_id: runId, metric_key: 'odd' }))).toEqual({
      metrics: [
        { key: 'odd', value: 'NaN', timestamp: 1, step: 0 },
        { key: 'odd', value: 'Infinity', timestamp: 2, step: 1 },
        { key: 'odd', value: '-Infinity', timestamp: 3, step: 2 },
      ],
    });
    const { run } = expectOk(await api.get('runs/get', { run_id: runId }));
    expect(run.data.metrics).toEqual([
      { key: 'fine', value: 0.5, timestamp: 4, step: 0 },
      { key: 'odd', value: '-Infinity', timestamp: 3, step: 2 },
      { key: 'solo', value: 'NaN', timestamp: 5, step: 0 },
    ]);
    const stored = await db.metricPoint.findMany({ where: { runId, key: 'odd' }, orderBy: { step: 'asc' } });
    expect(stored.map((p) => p.value)).toEqual([NaN, Infinity, -Infinity]);
  });

  it('makes a retried log-batch a no-op (point count unchanged)', async () => {
    const runId = await newRun();
    const batch = {
      run_id: runId,
      metrics: range(50).map((i) => ({ key: 'loss', value: 1 / (i + 1), timestamp: 10_000 + i, step: i })),
      params: [param(1)],
      tags: [tag(1)],
    };
    expectOk(await api.post('runs/log-batch', batch));
    const once = await contents(runId);
    expectOk(await api.post('runs/log-batch', batch));
    expectOk(await api.post('runs/log-batch', batch));
    expect(await contents(runId)).toEqual(once);
    expect(once.points).toBe(50);
  });
});
