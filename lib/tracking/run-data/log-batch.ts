// MLflow log-batch and its single-item forms (log-metric, log-parameter, set-tag): one rule
// in one place, called by REST and GraphQL alike.
import { actorUserId, type Principal } from '../../authz/index.ts';
import { withTransaction } from '../../db/sql.ts';
import { publishEvent } from '../../events/publish-event.ts';
import { runTopic } from '../../events/topics.ts';
import { validateRunData, type KeyValueInput, type MetricInput } from '../validation.ts';
import { loadWritableRun } from './load-writable-run.ts';
import { writeRunData } from './write-run-data.ts';

export type LogBatchInput = {
  runId: string;
  metrics?: readonly MetricInput[] | null;
  params?: readonly KeyValueInput[] | null;
  tags?: readonly KeyValueInput[] | null;
};

/**
 * Logs params, tags and metrics to a run atomically: all of the batch or nothing. A read
 * token or another team's run is refused before the data is looked at.
 */
export async function logBatch(principal: Principal, input: LogBatchInput): Promise<void> {
  const run = await loadWritableRun(principal, input.runId);
  const data = validateRunData(input);
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
