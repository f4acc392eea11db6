// MLflow log-batch and its single-item forms (log-metric, log-parameter, set-tag): one rule
// in one place, called by REST and GraphQL alike.
import { actorUserId, authorizeRow, teamsAllowing, type Principal } from '../../authz/index.ts';
import { withTransaction } from '../../db/sql.ts';
import { publishEvent } from '../../events/publish-event.ts';
import { runTopic } from '../../events/topics.ts';
import { isRunId } from '../runs/load-run-for.ts';
import { validateRunData, type KeyValueInput, type MetricInput, type ValidRunData } from '../validation.ts';
import { assertRunActive, loadWritableRun } from './load-writable-run.ts';
import { writeMetricsChecked } from './write-metrics-checked.ts';
import { writeRunData } from './write-run-data.ts';

export type LogBatchInput = {
  runId: string;
  metrics?: readonly MetricInput[] | null;
  params?: readonly KeyValueInput[] | null;
  tags?: readonly KeyValueInput[] | null;
};

/**
 * Logs params, tags and metrics to a run atomically: all of the batch or nothing. A read
 * token or another team's run is refused before the data is looked at (a bad batch to a run
 * the caller may not write is NOT_FOUND/FORBIDDEN, not INVALID_PARAMETER_VALUE).
 *
 * Metrics alone (what a training loop sends) take one round trip: the statement checks the
 * run against the teams where lib/authz lets the caller write runs and writes nothing
 * otherwise, and authorizeRow then decides on the run it returns, as loadWritableRun would.
 */
export async function logBatch(principal: Principal, input: LogBatchInput): Promise<void> {
  let data: ValidRunData;
  try {
    data = validateRunData(input);
  } catch (error) {
    await loadWritableRun(principal, input.runId); // authorization errors come first
    throw error;
  }
  const teams = teamsAllowing(principal, 'run:write');
  const metricsOnly = data.metrics.length > 0 && !data.params.length && !data.tags.length;
  if (metricsOnly && teams?.length && isRunId(input.runId)) {
    const run = await writeMetricsChecked(input.runId, data.metrics, teams);
    authorizeRow(principal, 'run:write', run?.teamId, 'Run', input.runId);
    assertRunActive({ id: input.runId, lifecycleStage: run!.lifecycleStage });
    // The statement's check and authorizeRow must agree; a skipped write must never pass as done.
    if (!run!.written) throw new Error(`Metrics for run ${input.runId} were not written although authorized`);
    publishEvent(runTopic(input.runId));
    return;
  }
  const run = await loadWritableRun(principal, input.runId);
  if (!data.metrics.length && !data.params.length && !data.tags.length) return;
  await withTransaction((client) => writeRunData(client, run.id, data, actorUserId(principal)));
  publishEvent(runTopic(run.id)); // in memory only: live pages hear of it within a quarter second
}

export function logMetric(principal: Principal, input: { runId: string } & MetricInput): Promise<void> {
  const { runId, ...metric } = input;
  return logBatch(principal, { runId, metrics: [metric] });
}

export function logParam(principal: Principal, input: { runId: string } & KeyValueInput): Promise<void> {
  const { runId, ...param } = input;
  return logBatch(principal, { runId, params: [param] });
}

export function setTag(principal: Principal, input: { runId: string } & KeyValueInput): Promise<void> {
  const { runId, ...tag } = input;
  return logBatch(principal, { runId, tags: [tag] });
}
