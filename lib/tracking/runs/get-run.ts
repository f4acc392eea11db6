// One run with its data (MLflow runs/get). Deleted runs are readable, as in MLflow.
import { authorizeRow, type Principal } from '../../authz/index.ts';
import { notFound } from '../../errors.ts';
import { singleFlight } from '../../runtime/single-flight.ts';
import { isRunId } from './load-run-for.ts';
import { loadRunViews, type RunView } from './run-view.ts';

/** Concurrent reads of one run (its live page open in several browsers) share one load. */
const sharedLoad = singleFlight<RunView | undefined>();

/**
 * One statement: the run's view is read, then authorized on its team like loadRunFor would
 * (a missing run and another team's run are both NOT_FOUND), and only then returned.
 */
export async function getRun(principal: Principal, input: { runId: string }): Promise<RunView> {
  const view = isRunId(input.runId) ? await sharedLoad(input.runId, async () => (await loadRunViews([input.runId]))[0]) : undefined;
  authorizeRow(principal, 'team:read', view?.teamId, 'Run', input.runId);
  if (!view) throw notFound('Run', input.runId); // unreachable: authorizeRow throws for a missing row
  return view;
}
