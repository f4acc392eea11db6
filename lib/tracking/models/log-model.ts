// MLflow runs/log-model: record a logged model's metadata (artifact path, flavors, uuid and
// the whole MLmodel JSON) and append it to the run's mlflow.log-model.history tag, which
// MLflow clients and UIs read. The lineage edge run -> logged model goes in the same transaction. The logged_models row is the record of truth; the tag keeps
// the newest entries that fit MLflow's tag value limit.
import { randomUUID } from 'node:crypto';
import { actorUserId, type Principal } from '../../authz/index.ts';
import { insertEdges } from '../../lineage/edges.ts';
import { loggedModelNode, runNode } from '../../lineage/node-key.ts';
import { withTransaction } from '../../db/sql.ts';
import { badInput } from '../../errors.ts';
import { publishEvent } from '../../events/publish-event.ts';
import { runTopic } from '../../events/topics.ts';
import { assertRunActive } from '../run-data/load-writable-run.ts';
import { loadRunFor } from '../runs/load-run-for.ts';
import { MAX_TAG_VAL_LENGTH } from '../validation.ts';
import { SystemTag } from '../system-tags.ts';

const requiredFields = ['artifact_path', 'flavors', 'utc_time_created', 'run_id'] as const;
/** Left out of the history tag, as MLflow does: they can be large and are in the artifact. */
const notInHistory = new Set(['signature', 'input_example', 'saved_input_example_info']);

function parseModelJson(modelJson: unknown): Record<string, unknown> {
  if (typeof modelJson !== 'string' || modelJson === '') throw badInput("Missing value for required parameter 'model_json'");
  let model: unknown;
  try {
    model = JSON.parse(modelJson);
  } catch {
    throw badInput(`Malformed model info. \n ${modelJson.slice(0, 200)} \n is not a valid JSON.`);
  }
  if (!model || typeof model !== 'object' || Array.isArray(model)) throw badInput('Malformed model info: expected a JSON object');
  const missing = requiredFields.filter((f) => !(f in model));
  if (missing.length) throw badInput(`Model json is missing mandatory fields: {${missing.map((f) => `'${f}'`).join(', ')}}`);
  const { artifact_path, flavors } = model as Record<string, unknown>;
  if (typeof artifact_path !== 'string' || !artifact_path) throw badInput("Model json field 'artifact_path' must be a non-empty string");
  if (!flavors || typeof flavors !== 'object' || Array.isArray(flavors)) throw badInput("Model json field 'flavors' must be an object");
  return model as Record<string, unknown>;
}

/** The history with `entry` appended, dropping the oldest entries until it fits the tag limit. */
export function appendHistory(previous: string | undefined, entry: Record<string, unknown>): string | null {
  let history: unknown[] = [];
  try {
    const parsed = previous ? JSON.parse(previous) : [];
    if (Array.isArray(parsed)) history = parsed;
  } catch {
    // A hand-set tag that is not a JSON list is replaced.
  }
  history.push(entry);
  while (history.length > 0) {
    const value = JSON.stringify(history);
    if (value.length <= MAX_TAG_VAL_LENGTH) return value;
    history.shift();
  }
  return null;
}

export async function logModel(principal: Principal, input: { runId: string; modelJson: string }): Promise<{ id: string }> {
  const run = await loadRunFor(principal, input.runId, 'run:write');
  const model = parseModelJson(input.modelJson);
  assertRunActive(run);
  const historyEntry = Object.fromEntries(Object.entries(model).filter(([k]) => !notInHistory.has(k)));
  const id = randomUUID();
  await withTransaction(async (client) => {
    // Serialises concurrent log-model calls on the run so no history entry is lost.
    await client.query('SELECT 1 FROM runs WHERE id = $1 FOR UPDATE', [run.id]);
    await client.query(
      `INSERT INTO logged_models (id, run_id, artifact_path, model_uuid, flavors, metadata)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`,
      [
        id,
        run.id,
        model.artifact_path,
        typeof model.model_uuid === 'string' ? model.model_uuid : null,
        JSON.stringify(model.flavors),
        JSON.stringify(model),
      ],
    );
    await insertEdges(client, run.teamId, [
      { from: runNode(run.id), to: loggedModelNode(id), kind: 'PRODUCED', origin: 'MLFLOW', properties: { artifactPath: model.artifact_path }, createdById: actorUserId(principal) },
    ]);
    const previous = await client.query<{ value: string }>('SELECT value FROM run_tags WHERE run_id = $1 AND key = $2', [
      run.id,
      SystemTag.logModelHistory,
    ]);
    const value = appendHistory(previous.rows[0]?.value, historyEntry);
    if (value === null) return;
    await client.query(
      `INSERT INTO run_tags (run_id, key, value) VALUES ($1, $2, $3)
       ON CONFLICT (run_id, key) DO UPDATE SET value = EXCLUDED.value`,
      [run.id, SystemTag.logModelHistory, value],
    );
  });
  publishEvent(runTopic(run.id)); // the history tag is the run's
  return { id };
}
