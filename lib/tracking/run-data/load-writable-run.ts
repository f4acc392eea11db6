// The run a principal is about to log to: it must be theirs to write and still active, as
// MLflow refuses logging to a deleted run (INVALID_PARAMETER_VALUE). Same answers as
// loadRunFor(principal, runId, 'run:write') (missing and other team's runs are NOT_FOUND),
// read with one small raw query because it sits on the ingestion hot path.
import { authorizeRow, type Principal } from '../../authz/index.ts';
import { query } from '../../db/sql.ts';
import { badInput, notFound } from '../../errors.ts';
import { isRunId } from '../runs/load-run-for.ts';

export type WritableRun = { id: string; teamId: string; lifecycleStage: string };

export function assertRunActive(run: Pick<WritableRun, 'id' | 'lifecycleStage'>): void {
  if (run.lifecycleStage !== 'ACTIVE') {
    throw badInput(`The run ${run.id} must be in the 'active' state. Current state is ${run.lifecycleStage.toLowerCase()}.`);
  }
}

export async function loadWritableRun(principal: Principal, runId: string): Promise<WritableRun> {
  const [run] = isRunId(runId)
    ? await query<WritableRun>('SELECT id, team_id AS "teamId", lifecycle_stage AS "lifecycleStage" FROM runs WHERE id = $1', [runId])
    : [];
  authorizeRow(principal, 'run:write', run?.teamId, 'Run', runId);
  if (!run) throw notFound('Run', runId); // unreachable: authorizeRow throws for a missing row
  assertRunActive(run);
  return run;
}
