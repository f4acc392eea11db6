// The edges a new model version implies, written in its transaction: registered from the
// logged model its source names (MLflow 3 models:/m-..., or the MLflow 2 logged model that
// log-model recorded at the same path of the run), else from the run; and, when the source run
// declares cairn.fine_tuned_from, fine-tuned from that version (sync-run-lineage.ts).
import type { SqlClient } from '../db/sql.ts';
import { insertEdges } from './edges.ts';
import { loggedModelNode, runNode, versionNode } from './node-key.ts';
import { syncRunLineage } from './sync-run-lineage.ts';

export async function recordVersionLineage(
  client: SqlClient,
  input: { teamId: string; versionId: string; runId: string; loggedModelId: string | null; storageLocation: string; source: string; actorId: string | null },
): Promise<void> {
  let modelId = input.loggedModelId;
  if (!modelId) {
    const { rows } = await client.query<{ id: string }>(
      `SELECT m.id FROM logged_models m JOIN runs r ON r.id = m.run_id
        WHERE m.run_id = $1 AND m.deleted_at IS NULL AND rtrim(r.artifact_uri, '/') || '/' || m.artifact_path = $2
        ORDER BY m.created_at DESC LIMIT 1`,
      [input.runId, input.storageLocation.replace(/\/+$/, '')],
    );
    modelId = rows[0]?.id ?? null;
  }
  await insertEdges(client, input.teamId, [
    {
      from: modelId ? loggedModelNode(modelId) : runNode(input.runId),
      to: versionNode(input.versionId),
      kind: 'REGISTERED',
      origin: 'MLFLOW',
      properties: { source: input.source },
      createdById: input.actorId,
    },
  ]);
  await syncRunLineage(client, input.runId, input.actorId);
}
