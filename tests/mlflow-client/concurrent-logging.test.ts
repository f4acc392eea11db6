// The real MLflow client (2.22 and 3.6) in several threads, each a training script logging to
// its own run at once: log_metric per point and log_batch per step. Cairn groups concurrent
// small metric writes into shared statements (lib/tracking/run-data/write-metrics-checked.ts);
// every point must land exactly once in its own run, with its latest value and its chart
// buckets right, and the client must read back exactly what it logged.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestApp } from '../helpers/app.ts';
import { createTokenFixture, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { MLFLOW_VERSIONS, runScenario } from './harness.ts';

const app = setupTestApp();
const WORKERS = 8;
const STEPS = 40;
let world: TeamWorld;
beforeAll(async () => {
  world = await teamWorld();
});

type Result = { runs: string[]; loss: Record<string, [number, number][]>; latest: Record<string, Record<string, number>> };

describe.each(MLFLOW_VERSIONS)('the MLflow %s client, %s', (version) => {
  it(`logs from ${WORKERS} threads at once: every point once, in its own run`, async () => {
    const { token } = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'WRITE' });
    const { result } = await runScenario<Result>({
      version,
      scenario: 'concurrent_loggers',
      trackingUri: await app.httpUrl(),
      token,
      args: { experiment: `concurrent-${version}`, workers: String(WORKERS), steps: String(STEPS) },
    });
    expect(result.runs).toHaveLength(WORKERS);
    const steps = Array.from({ length: STEPS }, (_, step) => step);
    for (const [i, runId] of result.runs.entries()) {
      // What the client reads back is what it logged, in this run and no other.
      expect(result.loss[runId]).toEqual(steps.map((step) => [step, i + 1 / (step + 1)]));
      expect(result.latest[runId]).toEqual({ loss: i + 1 / STEPS, acc: i + (STEPS - 1) / STEPS, f1: STEPS - 1 });

      const points = await db.metricPoint.groupBy({ by: ['key'], where: { runId }, _count: true, orderBy: { key: 'asc' } });
      expect(points.map((p) => [p.key, p._count])).toEqual([['acc', STEPS], ['f1', STEPS], ['loss', STEPS]]);
      const buckets = await db.metricBucket.groupBy({ by: ['key', 'shift'], where: { runId }, _sum: { count: true }, orderBy: [{ key: 'asc' }, { shift: 'asc' }] });
      expect(buckets.map((b) => Number(b._sum.count))).toEqual(Array(9).fill(STEPS));
      expect((await db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe('FINISHED');
    }
  }, 300_000);
});
