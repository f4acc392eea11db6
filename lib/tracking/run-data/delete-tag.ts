// MLflow runs/delete-tag. Deleting mlflow.parentRunId also detaches the run from its parent,
// so the column and the tag never disagree; deleting a cairn.* lineage tag removes the edges it declared.
import { actorUserId, type Principal } from '../../authz/index.ts';
import { EDGE_TAGS } from '../../lineage/lineage-tags.ts';
import { syncRunLineage } from '../../lineage/sync-run-lineage.ts';
import { withTransaction } from '../../db/sql.ts';
import { publishEvent } from '../../events/publish-event.ts';
import { runTopic } from '../../events/topics.ts';
import { AppError, badInput } from '../../errors.ts';
import { SystemTag } from '../system-tags.ts';
import { loadWritableRun } from './load-writable-run.ts';
import { syncParentRun } from './write-run-data.ts';

export async function deleteTag(principal: Principal, input: { runId: string; key: string }): Promise<void> {
  const run = await loadWritableRun(principal, input.runId);
  if (!input.key) throw badInput("Missing value for required parameter 'key'.");
  await withTransaction(async (client) => {
    const { rowCount } = await client.query('DELETE FROM run_tags WHERE run_id = $1 AND key = $2', [run.id, input.key]);
    if (!rowCount) throw new AppError('NOT_FOUND', `No tag with name: ${input.key} in run with id ${run.id}`);
    if (input.key === SystemTag.parentRunId) await syncParentRun(client, run.id, '');
    if (EDGE_TAGS.has(input.key)) await syncRunLineage(client, run.id, actorUserId(principal));
  });
  publishEvent(runTopic(run.id));
}
