// Runs and their data, batched per request: a page of runs costs a fixed number of queries
// (run data through lib/tracking's loadRunViews: params, tags, latest metrics and inputs in
// one batch; artifacts and children one query each), whatever the page size. `runById`
// drops the runs the caller may not read (lib/authz: another team's, or for a share link any
// run it does not name); the per-run data loaders take ids of Run objects the caller already
// got through an authorized path.
import DataLoader from 'dataloader';
import { canReadRow, type Principal } from '../../lib/authz/index.ts';
import { db } from '../../lib/db/client.ts';
import { loadRunInfos, loadRunViews, type RunInfoView, type RunView } from '../../lib/tracking/runs/run-view.ts';
import type { ArtifactModel } from '../mappers.ts';
import { manyByKey, oneByKey } from './batch.ts';


export function createRunLoaders(principal: Principal) {
  const runById = new DataLoader<string, RunInfoView | null>(async (ids) => {
    const runs = (await loadRunInfos(ids)).filter((run) => canReadRow(principal, run.teamId, 'Run', run.id));
    return oneByKey(ids, runs, (run) => run.id);
  });

  const childrenByRun = new DataLoader<string, RunInfoView[]>(async (parentIds) => {
    const rows = await db.run.findMany({
      where: { parentRunId: { in: [...parentIds] } },
      select: { id: true, parentRunId: true },
      orderBy: [{ startTime: 'asc' }, { id: 'asc' }],
    });
    // runById keeps only the children the caller may read.
    const children = (await runById.loadMany(rows.map((row) => row.id))).filter(
      (run): run is RunInfoView => !!run && !(run instanceof Error),
    );
    return manyByKey(parentIds, children, (run) => run.parentRunId!);
  });

  const artifactsByRun = new DataLoader<string, ArtifactModel[]>(async (runIds) => {
    const rows = await db.artifact.findMany({
      where: { runId: { in: [...runIds] } },
      select: { runId: true, path: true, size: true, sha256: true, contentType: true, createdAt: true },
      orderBy: [{ runId: 'asc' }, { path: 'asc' }],
    });
    return manyByKey(runIds, rows, (row) => row.runId);
  });

  /** Params, tags, latest metrics and inputs of runs, loaded together for the whole batch. */
  const runDataById = new DataLoader<string, RunView | null>(async (runIds) =>
    oneByKey(runIds, await loadRunViews(runIds), (run) => run.id),
  );

  return { runById, runDataById, childrenByRun, artifactsByRun };
}
