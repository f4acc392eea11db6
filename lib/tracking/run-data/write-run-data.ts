// Writes a batch of params, tags and metric points to one run, set-based: one statement per
// table whatever the batch size (unnest of arrays), inside the caller's transaction. No
// authorization here: callers (logBatch, createRun...) load the run for the principal first.
import { AppError, badInput } from '../../errors.ts';
import type { SqlClient } from '../../db/sql.ts';
import { SystemTag } from '../system-tags.ts';
import { pyRepr, validateRunData, type RunDataInput } from '../validation.ts';
import { INSERT_METRICS, metricValues } from './metrics-statement.ts';
import { EDGE_TAGS } from '../../lineage/lineage-tags.ts';
import { syncRunLineage } from '../../lineage/sync-run-lineage.ts';

const INSERT_PARAMS = `
INSERT INTO params (run_id, key, value)
SELECT $1::char(32), t.key, t.value FROM unnest($2::text[], $3::text[]) AS t(key, value) ORDER BY t.key
ON CONFLICT (run_id, key) DO NOTHING`;

// A separate statement after the insert: in READ COMMITTED it sees a value a concurrent
// batch committed meanwhile, which the insert's own snapshot could not.
const CHANGED_PARAMS = `
SELECT t.key, p.value AS old_value, t.value AS new_value
  FROM unnest($2::text[], $3::text[]) AS t(key, value)
  JOIN params p ON p.run_id = $1::char(32) AND p.key = t.key
 WHERE p.value <> t.value
 ORDER BY t.key`;

const UPSERT_TAGS = `
INSERT INTO run_tags (run_id, key, value)
SELECT $1::char(32), t.key, t.value FROM unnest($2::text[], $3::text[]) AS t(key, value) ORDER BY t.key
ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value`;

const RENAME_RUN = `UPDATE runs SET name = $2, updated_at = now() WHERE id = $1::char(32)`;

// The parent must be a run of the same team; another team's run looks like a missing one.
const SET_PARENT = `
UPDATE runs AS child SET parent_run_id = parent.id, updated_at = now()
  FROM runs AS parent
 WHERE child.id = $1::char(32) AND parent.id = $2::char(32) AND parent.team_id = child.team_id`;

const CLEAR_PARENT = `UPDATE runs SET parent_run_id = NULL, updated_at = now() WHERE id = $1::char(32)`;

type ChangedParam = { key: string; old_value: string; new_value: string };

function changedParamsError(runId: string, changed: ChangedParam[]): AppError {
  const listed = changed
    .map((c) => `{'key': ${pyRepr(c.key)}, 'old_value': ${pyRepr(c.old_value)}, 'new_value': ${pyRepr(c.new_value)}}`)
    .join(', ');
  return badInput(`Changing param values is not allowed. Params were already logged='[${listed}]' for run ID='${runId}'.`);
}

/** Keeps runs.parent_run_id in step with the mlflow.parentRunId tag. */
export async function syncParentRun(client: SqlClient, runId: string, parentRunId: string): Promise<void> {
  if (!parentRunId) {
    await client.query(CLEAR_PARENT, [runId]);
    return;
  }
  if (parentRunId === runId) throw badInput(`Run '${runId}' cannot be its own parent run.`);
  const { rowCount } = await client.query(SET_PARENT, [runId, parentRunId]);
  if (!rowCount) throw new AppError('NOT_FOUND', `Run '${parentRunId}' not found`);
}

/**
 * Writes params (immutable: the same value again is fine, another value is refused and the
 * caller's transaction rolls back), tags (last write wins; mlflow.runName renames the run,
 * mlflow.parentRunId re-parents it, cairn.* lineage tags change the run's lineage edges, whose
 * references must name the team's rows) and metric points (idempotent append, latest value per
 * key kept as MLflow chooses it). Must run inside a transaction (withTransaction). `actorId`:
 * who writes, recorded on lineage edges.
 */
export async function writeRunData(client: SqlClient, runId: string, data: RunDataInput, actorId: string | null = null): Promise<void> {
  const { params, tags, metrics } = validateRunData(data);

  if (params.length) {
    const keys = params.map((p) => p.key);
    const values = params.map((p) => p.value);
    await client.query(INSERT_PARAMS, [runId, keys, values]);
    const { rows } = await client.query<ChangedParam>(CHANGED_PARAMS, [runId, keys, values]);
    if (rows.length) throw changedParamsError(runId, rows);
  }

  if (tags.length) {
    await client.query(UPSERT_TAGS, [runId, tags.map((t) => t.key), tags.map((t) => t.value)]);
    const runName = tags.find((t) => t.key === SystemTag.runName)?.value;
    // MLflow ignores an empty name (the run keeps its own), as update_run_info does.
    if (runName) await client.query(RENAME_RUN, [runId, runName]);
    const parent = tags.find((t) => t.key === SystemTag.parentRunId);
    if (parent) await syncParentRun(client, runId, parent.value);
    if (tags.some((t) => EDGE_TAGS.has(t.key))) await syncRunLineage(client, runId, actorId);
  }

  if (metrics.length) await client.query({ ...INSERT_METRICS, values: metricValues([{ runId, metrics }], false) });
}
