// A project of runs shaped like a hyperparameter search, logged through the real use cases
// (createRun, logBatch, logInputs, updateRun, so metric_buckets and latest metrics are what
// ingestion makes), for the runs table, chart and export tests. Run i has:
//   params  optimizer = sgd | adam | rmsprop (i % 3), except every 10th run which has none;
//           lr = 0.1 / (1 + i % 4) as text; batch = 32 * (1 + i % 2)
//   metrics accuracy = 0.5 + i / 1000 (one value), fairness = 0.9 - i / 2000 (one value),
//           loss logged over `lossSteps` steps (1 / (step + 1 + i)); run 5 logs accuracy NaN
//   tags    mlflow.user = alice | bob (i % 2), team = vision; mlflow.source.git.commit = c<i % 3>
//   status  FINISHED, except every 7th run FAILED
//   input   dataset digest d<i % 2>
import { beforeAll } from 'vitest';
import type { UserPrincipal } from '../../lib/authz/index.ts';
import { logInputs } from '../../lib/tracking/datasets/log-inputs.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { logBatch } from '../../lib/tracking/run-data/log-batch.ts';
import { createRun } from '../../lib/tracking/runs/create-run.ts';
import { updateRun } from '../../lib/tracking/runs/update-run.ts';
import { principalFor, teamWorld, type TeamWorld } from './fixtures.ts';

export const OPTIMIZERS = ['sgd', 'adam', 'rmsprop'] as const;

export type SeededRun = { id: string; index: number; name: string; optimizer: string | null; accuracy: number; user: string; status: string };

export async function seedSearchProject(
  principal: UserPrincipal,
  teamId: string,
  options: { runs: number; lossSteps?: number; name?: string },
): Promise<{ projectId: string; runs: SeededRun[] }> {
  const project = await createProject(principal, { teamId, name: options.name ?? `search-${Date.now()}-${Math.random()}` });
  const runs: SeededRun[] = [];
  const base = 1_700_000_000_000;
  for (let i = 0; i < options.runs; i++) {
    const user = i % 2 === 0 ? 'alice' : 'bob';
    const run = await createRun(principal, {
      projectId: String(project.id),
      runName: `trial-${String(i).padStart(3, '0')}`,
      startTime: base + i * 60_000,
      tags: [
        { key: 'mlflow.user', value: user },
        { key: 'mlflow.source.git.commit', value: `c${i % 3}` },
        { key: 'team', value: 'vision' },
      ],
    });
    const optimizer = i % 10 === 9 ? null : OPTIMIZERS[i % 3];
    const accuracy = i === 5 ? NaN : 0.5 + i / 1000;
    const steps = options.lossSteps ?? 3;
    await logBatch(principal, {
      runId: run.id,
      params: [...(optimizer ? [{ key: 'optimizer', value: optimizer }] : []), { key: 'lr', value: String(0.1 / (1 + (i % 4))) }, { key: 'batch', value: String(32 * (1 + (i % 2))) }],
      metrics: [
        { key: 'accuracy', value: accuracy, timestamp: BigInt(base + i * 60_000 + 5000), step: 0n },
        { key: 'fairness', value: 0.9 - i / 2000, timestamp: BigInt(base + i * 60_000 + 5000), step: 0n },
        ...Array.from({ length: steps }, (_, step) => ({ key: 'loss', value: 1 / (step + 1 + i), timestamp: BigInt(base + i * 60_000 + step * 1000), step: BigInt(step) })),
      ],
    });
    await logInputs(principal, {
      runId: run.id,
      datasets: [{ dataset: { name: 'census', digest: `d${i % 2}`, source_type: 'local', source: '/data/census.csv' }, tags: [{ key: 'mlflow.data.context', value: 'training' }] }],
    });
    const status = i % 7 === 6 ? 'FAILED' : 'FINISHED';
    await updateRun(principal, { runId: run.id, status: status as 'FINISHED', endTime: base + i * 60_000 + 30_000 });
    runs.push({ id: run.id, index: i, name: `trial-${String(i).padStart(3, '0')}`, optimizer, accuracy, user, status });
  }
  return { projectId: String(project.id), runs };
}

export type SearchWorld = { world: TeamWorld; member: UserPrincipal; outsider: UserPrincipal; projectId: string; runs: SeededRun[] };

/**
 * A team world (tests/helpers/fixtures.ts) plus a seeded search project of its member, built
 * in beforeAll; the returned object is filled in by the time tests run.
 */
export function setupSearchProject(options: { runs: number; lossSteps?: number }): SearchWorld {
  const shared = {} as SearchWorld;
  beforeAll(async () => {
    shared.world = await teamWorld();
    shared.member = await principalFor(shared.world.users.member.id);
    shared.outsider = await principalFor(shared.world.otherOwner.id);
    Object.assign(shared, await seedSearchProject(shared.member, shared.world.team.id, options));
  });
  return shared;
}
