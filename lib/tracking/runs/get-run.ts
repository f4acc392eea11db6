// One run with its data (MLflow runs/get). Deleted runs are readable, as in MLflow.
import type { Principal } from '../../authz/index.ts';
import { singleFlight } from '../../runtime/single-flight.ts';
import { loadRunFor } from './load-run-for.ts';
import { loadRunViews, type RunView } from './run-view.ts';

/** Concurrent reads of one run (its live page open in several browsers) share one load. */
const sharedLoad = singleFlight<RunView>();

export async function getRun(principal: Principal, input: { runId: string }): Promise<RunView> {
  const run = await loadRunFor(principal, input.runId, 'team:read');
  return sharedLoad(run.id, async () => (await loadRunViews([run.id]))[0]);
}
