// Logging params, tags and metrics to runs on a real database, through the use cases.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { codeOf, principalFor, teamWorld } from '../../../tests/helpers/fixtures.ts';
import type { TokenPrincipal, UserPrincipal } from '../../authz/index.ts';
import { db, pool } from '../../db/client.ts';
import { withTransaction } from '../../db/sql.ts';
import { createProject } from '../projects/create-project.ts';
import { createRun } from '../runs/create-run.ts';
import { deleteRun } from '../runs/delete-run.ts';
import { loadLatestMetricsForRuns, loadParamsForRuns, loadTagsForRuns } from './batch-load.ts';
import { deleteRunPoints } from './delete-run-points.ts';
import { deleteTag } from './delete-tag.ts';
import { logBatch, logMetric, logParam, setTag } from './log-batch.ts';
import { writeRunData } from './write-run-data.ts';

setupTestDatabase();

let member: UserPrincipal;
let viewer: UserPrincipal;
let outsider: UserPrincipal;
let readToken: TokenPrincipal;
let projectId: bigint;
let otherTeamRunId: string;

beforeAll(async () => {
  const world = await teamWorld();
  member = await principalFor(world.users.member.id);
  viewer = await principalFor(world.users.viewer.id);
  outsider = await principalFor(world.otherOwner.id);
  readToken = { kind: 'token', userId: member.userId, email: member.email, tokenId: 't', teamId: world.team.id, scope: 'READ', role: 'MEMBER' };
  projectId = (await createProject(member, { teamId: world.team.id, name: 'run-data' })).id;
  const otherProject = await createProject(outsider, { teamId: world.otherTeam.id, name: 'theirs' });
  otherTeamRunId = (await createRun(outsider, { projectId: otherProject.id })).id;
});

async function newRun(): Promise<string> {
  return (await createRun(member, { projectId, startTime: 1 })).id;
}

const points = (runId: string, key: string) =>
  db.metricPoint.findMany({ where: { runId, key }, orderBy: [{ step: 'asc' }, { timestamp: 'asc' }, { value: 'asc' }] });
const latest = async (runId: string, key: string) => (await loadLatestMetricsForRuns([runId])).get(runId)!.find((m) => m.key === key);
const params = async (runId: string) => (await loadParamsForRuns([runId])).get(runId)!;
const tagValue = async (runId: string, key: string) => (await loadTagsForRuns([runId])).get(runId)!.find((t) => t.key === key)?.value;

describe('params', () => {
  it('accepts the same value again and refuses another, writing nothing of that batch', async () => {
    const runId = await newRun();
    await logBatch(member, { runId, params: [{ key: 'lr', value: '0.1' }, { key: 'depth', value: '3' }] });
    await logParam(member, { runId, key: 'lr', value: '0.1' });

    const refused = logBatch(member, {
      runId,
      params: [{ key: 'lr', value: '0.2' }, { key: 'fresh', value: 'x' }],
      tags: [{ key: 'note', value: 'must not stay' }],
      metrics: [{ key: 'loss', value: 1, timestamp: 5, step: 0 }],
    });
    await expect(refused).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: `Changing param values is not allowed. Params were already logged='[{'key': 'lr', 'old_value': '0.1', 'new_value': '0.2'}]' for run ID='${runId}'.`,
    });
    expect(await params(runId)).toEqual([{ key: 'depth', value: '3' }, { key: 'lr', value: '0.1' }]);
    expect(await tagValue(runId, 'note')).toBeUndefined();
    expect(await points(runId, 'loss')).toEqual([]);
  });

  it('refuses one key with two values inside a batch', async () => {
    const runId = await newRun();
    const batch = { runId, params: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] };
    await expect(logBatch(member, batch)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await params(runId)).toEqual([]);
  });
});

describe('tags', () => {
  it('overwrites, keeps the last of a batch, and deletes', async () => {
    const runId = await newRun();
    await setTag(member, { runId, key: 'stage', value: 'one' });
    await logBatch(member, { runId, tags: [{ key: 'stage', value: 'two' }, { key: 'stage', value: 'three' }] });
    expect(await tagValue(runId, 'stage')).toBe('three');

    await deleteTag(member, { runId, key: 'stage' });
    expect(await tagValue(runId, 'stage')).toBeUndefined();
    await expect(deleteTag(member, { runId, key: 'stage' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `No tag with name: stage in run with id ${runId}`,
    });
  });

  it('renames the run through mlflow.runName and re-parents it through mlflow.parentRunId (same team only)', async () => {
    const runId = await newRun();
    const parentId = await newRun();
    await setTag(member, { runId, key: 'mlflow.runName', value: 'renamed' });
    await setTag(member, { runId, key: 'mlflow.parentRunId', value: parentId });
    let run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    expect([run.name, run.parentRunId]).toEqual(['renamed', parentId]);

    await expect(setTag(member, { runId, key: 'mlflow.parentRunId', value: otherTeamRunId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await db.run.findUniqueOrThrow({ where: { id: runId } })).parentRunId).toBe(parentId);
    expect(await tagValue(runId, 'mlflow.parentRunId')).toBe(parentId);

    await deleteTag(member, { runId, key: 'mlflow.parentRunId' });
    run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.parentRunId).toBeNull();
  });
});

describe('metrics', () => {
  it('keeps the latest value as MLflow: max step, then max timestamp, then max value', async () => {
    const runId = await newRun();
    await logMetric(member, { runId, key: 'acc', value: 0.5, timestamp: 100, step: 5 });
    await logMetric(member, { runId, key: 'acc', value: 0.9, timestamp: 999, step: 4 }); // older step: ignored
    expect(await latest(runId, 'acc')).toMatchObject({ value: 0.5, step: 5n, timestamp: 100n });
    await logMetric(member, { runId, key: 'acc', value: 0.1, timestamp: 101, step: 5 }); // same step, later
    expect(await latest(runId, 'acc')).toMatchObject({ value: 0.1, timestamp: 101n });
    await logMetric(member, { runId, key: 'acc', value: 0.05, timestamp: 101, step: 5 }); // tie, smaller value
    expect(await latest(runId, 'acc')).toMatchObject({ value: 0.1 });
    await logMetric(member, { runId, key: 'acc', value: 0.3, timestamp: 101, step: 5 }); // tie, larger value
    expect(await latest(runId, 'acc')).toMatchObject({ value: 0.3 });

    // Within one batch, out of order: the best point wins regardless of its position.
    await logBatch(member, {
      runId,
      metrics: [
        { key: 'f1', value: 3, timestamp: 30, step: 3 },
        { key: 'f1', value: 9, timestamp: 90, step: 9 },
        { key: 'f1', value: 1, timestamp: 10, step: 1 },
      ],
    });
    expect(await latest(runId, 'f1')).toMatchObject({ value: 9, step: 9n });
    expect((await points(runId, 'f1')).map((p) => p.step)).toEqual([1n, 3n, 9n]);
  });

  it('ranks NaN as 0 for the latest value (MLflow stores NaN as 0 with is_nan) and round-trips NaN and ±Infinity', async () => {
    const runId = await newRun();
    await logMetric(member, { runId, key: 'm', value: 0.5, timestamp: 1, step: 1 });
    await logMetric(member, { runId, key: 'm', value: NaN, timestamp: 1, step: 1 }); // NaN ranks 0 < 0.5
    expect((await latest(runId, 'm'))!.value).toBe(0.5);
    await logMetric(member, { runId, key: 'm', value: NaN, timestamp: 1, step: 2 });
    expect(Number.isNaN((await latest(runId, 'm'))!.value)).toBe(true);
    await logMetric(member, { runId, key: 'm', value: -Infinity, timestamp: 1, step: 2 }); // -Inf < 0 (NaN)
    expect(Number.isNaN((await latest(runId, 'm'))!.value)).toBe(true);
    await logMetric(member, { runId, key: 'm', value: Infinity, timestamp: 1, step: 2 });
    expect((await latest(runId, 'm'))!.value).toBe(Infinity);

    expect((await points(runId, 'm')).map((p) => p.value)).toEqual([0.5, NaN, -Infinity, Infinity, NaN]);
  });

  it('makes a retried batch a no-op: no duplicate points', async () => {
    const runId = await newRun();
    const batch = {
      runId,
      metrics: Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 3}`, value: i % 7 === 0 ? NaN : i / 10, timestamp: 1000 + i, step: i })),
    };
    await logBatch(member, batch);
    await logBatch(member, batch);
    await Promise.all([logBatch(member, batch), logBatch(member, batch)]);
    expect(await db.metricPoint.count({ where: { runId } })).toBe(300);
    expect(await latest(runId, 'k2')).toMatchObject({ step: 299n, value: 29.9 });
  });

  it('leaves no point behind when the run is deleted for good while a batch is on its way (no foreign key holds them)', async () => {
    const runId = await newRun();
    await logMetric(member, { runId, key: 'm', value: 1, timestamp: 1, step: 0 });
    // A purge as lib/gc does it: the run locked first, its points deleted, then the run.
    const purge = await pool().connect();
    try {
      await purge.query('BEGIN');
      await purge.query('SELECT id FROM runs WHERE id = $1 FOR UPDATE', [runId]);
      const batch = logBatch(member, { runId, metrics: Array.from({ length: 50 }, (_, i) => ({ key: 'm', value: i, timestamp: 2, step: i + 1 })) });
      const outcome = batch.then(() => 'written', (error: { code?: string }) => error.code);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the batch now waits on the run's lock
      await deleteRunPoints(purge, [runId]);
      await purge.query('DELETE FROM runs WHERE id = $1', [runId]);
      await purge.query('COMMIT');
      expect(await outcome).toBe('NOT_FOUND');
    } finally {
      purge.release();
    }
    expect(await db.metricPoint.count({ where: { runId } })).toBe(0);
  });

  it('defaults the step to 0 and takes int64 as numbers, bigints or strings', async () => {
    const runId = await newRun();
    await logBatch(member, {
      runId,
      metrics: [
        { key: 's', value: 1, timestamp: 7 },
        { key: 's', value: 2, timestamp: 8n, step: 9007199254740993n },
        { key: 's', value: 3, timestamp: '9', step: '-4' },
      ],
    });
    expect((await points(runId, 's')).map((p) => [p.step, p.timestamp])).toEqual([
      [-4n, 9n],
      [0n, 7n],
      [9007199254740993n, 8n],
    ]);
  });
});

describe('refusals write nothing', () => {
  it.each([
    ['too many metrics', { metrics: Array.from({ length: 1001 }, (_, i) => ({ key: 'x', value: i, timestamp: i })) }],
    ['a bad key among good data', { params: [{ key: 'ok', value: '1' }], metrics: [{ key: 'bad key!', value: 1, timestamp: 1 }] }],
    ['a long tag value', { params: [{ key: 'ok', value: '1' }], tags: [{ key: 't', value: 'x'.repeat(5001) }] }],
    ['a negative timestamp', { tags: [{ key: 'ok', value: '1' }], metrics: [{ key: 'm', value: 1, timestamp: -5 }] }],
  ])('%s', async (_label, data) => {
    const runId = await newRun();
    await expect(logBatch(member, { runId, ...data })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const [p, t, m] = await Promise.all([db.param.count({ where: { runId } }), db.runTag.count({ where: { runId, key: { not: { startsWith: 'mlflow.' } } } }), db.metricPoint.count({ where: { runId } })]);
    expect([p, t, m]).toEqual([0, 0, 0]);
  });

  it('refuses a deleted run like MLflow', async () => {
    const runId = await newRun();
    await deleteRun(member, { runId });
    await expect(logParam(member, { runId, key: 'a', value: '1' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: `The run ${runId} must be in the 'active' state. Current state is deleted.`,
    });
    expect(await codeOf(deleteTag(member, { runId, key: 'mlflow.runName' }))).toBe('BAD_USER_INPUT');
  });

  it('denies read tokens, viewers and other teams', async () => {
    const runId = await newRun();
    const batch = { runId, metrics: [{ key: 'm', value: 1, timestamp: 1 }] };
    expect(await codeOf(logBatch(readToken, batch))).toBe('FORBIDDEN');
    expect(await codeOf(logBatch(viewer, batch))).toBe('FORBIDDEN');
    expect(await codeOf(logBatch(outsider, batch))).toBe('NOT_FOUND');
    expect(await codeOf(deleteTag(readToken, { runId, key: 'mlflow.runName' }))).toBe('FORBIDDEN');
    expect(await codeOf(deleteTag(outsider, { runId, key: 'mlflow.runName' }))).toBe('NOT_FOUND');
    expect(await codeOf(logBatch(member, { ...batch, runId: 'f'.repeat(32) }))).toBe('NOT_FOUND');
    expect(await db.metricPoint.count({ where: { runId } })).toBe(0);
  });

  // Metrics alone go in with one statement that checks the run itself: every refusal above
  // must hold there too, and write nothing.
  it('refuses metrics alone for a deleted run, a run where the caller only reads, and bad data to a foreign run', async () => {
    const deleted = await newRun();
    await deleteRun(member, { runId: deleted });
    await expect(logMetric(member, { runId: deleted, key: 'm', value: 1, timestamp: 1 })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: `The run ${deleted} must be in the 'active' state. Current state is deleted.`,
    });
    expect(await db.metricPoint.count({ where: { runId: deleted } })).toBe(0);

    // A writer in one team who only reads in the run's team.
    const otherTeamId = (await db.run.findUniqueOrThrow({ where: { id: otherTeamRunId } })).teamId;
    const readerThere: UserPrincipal = { ...member, memberships: new Map([...member.memberships, [otherTeamId, 'VIEWER']]) };
    expect(await codeOf(logMetric(readerThere, { runId: otherTeamRunId, key: 'm', value: 1, timestamp: 1 }))).toBe('FORBIDDEN');
    expect(await db.metricPoint.count({ where: { runId: otherTeamRunId } })).toBe(0);

    // Authorization is decided before the data: a bad batch to a foreign run is NOT_FOUND.
    expect(await codeOf(logBatch(member, { runId: otherTeamRunId, metrics: [{ key: 'bad key!', value: 1, timestamp: 1 }] }))).toBe('NOT_FOUND');
    expect(await codeOf(logBatch(member, { runId: `${'a'.repeat(32)}extra`, metrics: [{ key: 'm', value: 1, timestamp: 1 }] }))).toBe('NOT_FOUND');
  });
});

describe('writeRunData', () => {
  it("runs inside the caller's transaction: a later failure rolls the data back", async () => {
    const runId = await newRun();
    await expect(
      withTransaction(async (client) => {
        await writeRunData(client, runId, { params: [{ key: 'p', value: '1' }], metrics: [{ key: 'm', value: 1, timestamp: 1 }] });
        throw new Error('caller fails afterwards');
      }),
    ).rejects.toThrow('caller fails afterwards');
    expect(await db.param.count({ where: { runId } })).toBe(0);
    expect(await db.latestMetric.count({ where: { runId } })).toBe(0);
  });
});

describe('batch loaders', () => {
  it('load params, tags and latest metrics of many runs, with [] for runs without any', async () => {
    const [a, b] = [await newRun(), await newRun()];
    await logBatch(member, { runId: a, params: [{ key: 'p', value: 'A' }], metrics: [{ key: 'm', value: 2, timestamp: 1, step: 1 }] });
    await logBatch(member, { runId: b, params: [{ key: 'p', value: 'B' }] });
    const missing = '0'.repeat(32);
    const [p, t, m] = await Promise.all([loadParamsForRuns([a, b, missing]), loadTagsForRuns([a, b]), loadLatestMetricsForRuns([a, b])]);
    expect([p.get(a), p.get(b), p.get(missing)]).toEqual([[{ key: 'p', value: 'A' }], [{ key: 'p', value: 'B' }], []]);
    expect(t.get(a)!.map((tag) => tag.key)).toContain('mlflow.runName');
    expect([m.get(a), m.get(b)]).toEqual([[{ key: 'm', value: 2, timestamp: 1n, step: 1n }], []]);
  });
});
