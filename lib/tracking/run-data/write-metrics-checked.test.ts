// Metric batches sent at once share statements, and each caller still gets exactly what it
// would have got alone: its points written once, or its own refusal with nothing written.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { countQueries } from '../../../tests/helpers/count-queries.ts';
import { codeOf, principalFor, teamWorld } from '../../../tests/helpers/fixtures.ts';
import type { UserPrincipal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { createProject } from '../projects/create-project.ts';
import { createRun } from '../runs/create-run.ts';
import { deleteRun } from '../runs/delete-run.ts';
import { loadLatestMetricsForRuns } from './batch-load.ts';
import { logBatch } from './log-batch.ts';

setupTestDatabase();

let member: UserPrincipal;
let outsider: UserPrincipal;
let projectId: bigint;
let otherProjectId: bigint;

beforeAll(async () => {
  const world = await teamWorld();
  member = await principalFor(world.users.member.id);
  outsider = await principalFor(world.otherOwner.id);
  projectId = (await createProject(member, { teamId: world.team.id, name: 'grouped' })).id;
  otherProjectId = (await createProject(outsider, { teamId: world.otherTeam.id, name: 'theirs' })).id;
});

const newRun = async () => (await createRun(member, { projectId, startTime: 1 })).id;
const point = (step: number, value = step / 10) => ({ key: 'loss', value, timestamp: 1000 + step, step });

/** Each run's stored points (steps) and bucket counts at every level: what a second write of a point would break. */
async function stored(runId: string) {
  const points = await db.metricPoint.findMany({ where: { runId }, orderBy: { step: 'asc' } });
  const buckets = await db.metricBucket.groupBy({ by: ['shift'], where: { runId }, _sum: { count: true }, orderBy: { shift: 'asc' } });
  return { steps: points.map((p) => Number(p.step)), counts: buckets.map((b) => Number(b._sum.count)) };
}

describe('grouped metric writes', () => {
  it('writes batches sent at once to many runs in one statement, each run its own points', async () => {
    const runs = await Promise.all(Array.from({ length: 12 }, newRun));
    const queries = await countQueries(() => Promise.all(runs.map((runId, i) => logBatch(member, { runId, metrics: [point(i), point(i + 100)] }))));
    expect(queries).toBe(1);
    for (const [i, runId] of runs.entries()) expect(await stored(runId)).toEqual({ steps: [i, i + 100], counts: [2, 2, 2] });
    const latest = await loadLatestMetricsForRuns(runs);
    expect(runs.map((runId) => Number(latest.get(runId)![0].step))).toEqual(runs.map((_, i) => i + 100));
  });

  it('sends a big batch (a bulk upload) on its own, beside the group of small ones', async () => {
    const [bulk, a, b] = await Promise.all([newRun(), newRun(), newRun()]);
    const bulkPoints = Array.from({ length: 1000 }, (_, step) => point(step));
    const queries = await countQueries(() =>
      Promise.all([logBatch(member, { runId: bulk, metrics: bulkPoints }), logBatch(member, { runId: a, metrics: [point(1)] }), logBatch(member, { runId: b, metrics: [point(2)] })]),
    );
    expect(queries).toBe(2);
    expect((await stored(bulk)).steps).toHaveLength(1000);
    expect([(await stored(a)).steps, (await stored(b)).steps]).toEqual([[1], [2]]);
  });

  it('gives each caller of a group its own answer: refusals write nothing, the others are written', async () => {
    const [ok, deleted] = await Promise.all([newRun(), newRun()]);
    await deleteRun(member, { runId: deleted });
    const theirs = (await createRun(outsider, { projectId: otherProjectId })).id;
    const missing = 'e'.repeat(32);

    const outcomes = await Promise.allSettled([
      logBatch(member, { runId: ok, metrics: [point(1)] }),
      logBatch(member, { runId: deleted, metrics: [point(1)] }),
      logBatch(member, { runId: theirs, metrics: [point(1)] }),
      logBatch(member, { runId: missing, metrics: [point(1)] }),
      // Another caller in the same group, writing to its own team's run.
      logBatch(outsider, { runId: theirs, metrics: [point(7)] }),
    ]);
    expect(await Promise.all(outcomes.map((o) => (o.status === 'fulfilled' ? 'written' : codeOf(Promise.reject(o.reason)))))).toEqual([
      'written',
      'BAD_USER_INPUT',
      'NOT_FOUND',
      'NOT_FOUND',
      'written',
    ]);
    expect(await stored(ok)).toEqual({ steps: [1], counts: [1, 1, 1] });
    expect(await stored(deleted)).toEqual({ steps: [], counts: [] });
    expect(await stored(theirs)).toEqual({ steps: [7], counts: [1, 1, 1] });
    expect(await db.metricPoint.count({ where: { runId: missing } })).toBe(0);
  });

  it('sends a group again batch by batch when one of them repeats a stored point (a retry): nothing counted twice', async () => {
    const [retried, fresh] = await Promise.all([newRun(), newRun()]);
    await logBatch(member, { runId: retried, metrics: [point(1)] });

    await Promise.all([logBatch(member, { runId: retried, metrics: [point(1), point(2)] }), logBatch(member, { runId: fresh, metrics: [point(5)] })]);
    expect(await stored(retried)).toEqual({ steps: [1, 2], counts: [2, 2, 2] });
    expect(await stored(fresh)).toEqual({ steps: [5], counts: [1, 1, 1] });
  });

  it("writes one run's batches sent at once one after the other (a statement updates a row once)", async () => {
    const runId = await newRun();
    await Promise.all([logBatch(member, { runId, metrics: [point(1)] }), logBatch(member, { runId, metrics: [point(2)] }), logBatch(member, { runId, metrics: [point(3)] })]);
    expect(await stored(runId)).toEqual({ steps: [1, 2, 3], counts: [3, 3, 3] });
    expect(Number((await loadLatestMetricsForRuns([runId])).get(runId)![0].step)).toBe(3);
  });
});
