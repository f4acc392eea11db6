// One run with its data (MLflow runs/get). Deleted runs are readable, as in MLflow.
import type { Principal } from '../../authz/index.ts';
import { loadRunFor } from './load-run-for.ts';
import { loadRunViews, type RunView } from './run-view.ts';

export async function getRun(principal: Principal, input: { runId: string }): Promise<RunView> {
  const run = await loadRunFor(principal, input.runId, 'team:read');
  const [view] = await loadRunViews([run.id]);
  return view;
}
