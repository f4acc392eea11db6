// The run a principal is about to log to: it must be theirs to write and still active, as
// MLflow refuses logging to a deleted run (INVALID_PARAMETER_VALUE).
import type { Principal } from '../../authz/index.ts';
import { badInput } from '../../errors.ts';
import { loadRunFor, type RunRow } from '../runs/load-run-for.ts';

export function assertRunActive(run: Pick<RunRow, 'id' | 'lifecycleStage'>): void {
  if (run.lifecycleStage !== 'ACTIVE') {
    throw badInput(`The run ${run.id} must be in the 'active' state. Current state is ${run.lifecycleStage.toLowerCase()}.`);
  }
}

/** loadRunFor(principal, runId, 'run:write') plus the active-run check. */
export async function loadWritableRun(principal: Principal, runId: string): Promise<RunRow> {
  const run = await loadRunFor(principal, runId, 'run:write');
  assertRunActive(run);
  return run;
}
