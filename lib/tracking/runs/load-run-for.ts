// Load one run for a principal about to do `action` on it. A missing run and another
// team's run look the same from outside: NOT_FOUND "Run '<id>' not found".
import { authorizeRow, type Action, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import type { Run } from '../../db/generated/client.ts';
import { notFound } from '../../errors.ts';

export type RunRow = Run;

const runIdPattern = /^[0-9a-f]{32}$/;

/** True when `runId` has the shape of a Cairn/MLflow run id (32 lowercase hex characters). */
export function isRunId(runId: unknown): runId is string {
  return typeof runId === 'string' && runIdPattern.test(runId);
}

export async function loadRunFor(principal: Principal, runId: string, action: Action): Promise<RunRow> {
  // A malformed id can never match a row: answer like a missing one without querying.
  if (!isRunId(runId)) {
    authorizeRow(principal, action, null, 'Run', runId);
    throw notFound('Run', runId);
  }
  const run = await db.run.findUnique({ where: { id: runId } });
  authorizeRow(principal, action, run?.teamId, 'Run', runId);
  return run!;
}
