// The run's description is MLflow's `mlflow.note.content` tag, nothing else: editing it on
// the run page writes that tag (so MLflow clients read the new note), and a note set by an
// MLflow client is what the page shows. An empty note removes the tag.
import type { Principal } from '../../authz/index.ts';
import { SystemTag } from '../system-tags.ts';
import { deleteTag } from './delete-tag.ts';
import { setTag } from './log-batch.ts';
import { loadWritableRun } from './load-writable-run.ts';
import { query } from '../../db/sql.ts';

export async function setRunNote(principal: Principal, input: { runId: string; note: string }): Promise<void> {
  if (input.note.trim() !== '') return setTag(principal, { runId: input.runId, key: SystemTag.note, value: input.note });
  const run = await loadWritableRun(principal, input.runId);
  const [existing] = await query('SELECT 1 FROM run_tags WHERE run_id = $1 AND key = $2', [run.id, SystemTag.note]);
  if (existing) await deleteTag(principal, { runId: run.id, key: SystemTag.note });
}
