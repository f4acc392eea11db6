// MLflow runs/log-inputs: record the datasets a run used. Datasets are shared per team
// (one row per team + name + digest); each run links to a dataset once, with its input
// tags and context (the mlflow.data.context tag). Set-based and idempotent: logging the
// same inputs again changes nothing. MLflow 3 also sends the logged models the run used
// (`models`). The lineage edges (dataset -> run, model -> run) are written in the same
// transaction (lib/lineage).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorUserId, type Principal } from '../../authz/index.ts';
import { withTransaction } from '../../db/sql.ts';
import { notFound } from '../../errors.ts';
import { publishEvent } from '../../events/publish-event.ts';
import { runTopic } from '../../events/topics.ts';
import { insertEdges } from '../../lineage/edges.ts';
import { linkDatasetsAtLocations } from '../../lineage/link-dataset-versions.ts';
import { mlflowDatasetLocation } from '../../lineage/dataset-location.ts';
import { loggedModelNode, runNode } from '../../lineage/node-key.ts';
import { syncRunLineage } from '../../lineage/sync-run-lineage.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { assertRunActive } from '../run-data/load-writable-run.ts';
import { loadRunFor } from '../runs/load-run-for.ts';
import { SystemTag } from '../system-tags.ts';

// MLflow's limits for datasets and input tags.
export const DATASET_LIMITS = {
  name: 500,
  digest: 36,
  sourceType: 36,
  source: 65_535,
  schema: 1_048_575,
  profile: 16_777_215,
  inputTagKey: 255,
  inputTagValue: 500,
  datasetsPerRequest: 1000,
} as const;

const text = (field: string, max: number) =>
  z.string({ error: `Missing value for required parameter '${field}'` }).min(1, `Missing value for required parameter '${field}'`).max(max, `'${field}' exceeds the maximum length of ${max} characters`);

const datasetInputSchema = z.object({
  dataset: z.object({
    name: text('dataset.name', DATASET_LIMITS.name),
    digest: text('dataset.digest', DATASET_LIMITS.digest),
    source_type: text('dataset.source_type', DATASET_LIMITS.sourceType),
    source: text('dataset.source', DATASET_LIMITS.source),
    schema: z.string().max(DATASET_LIMITS.schema).nullish(),
    profile: z.string().max(DATASET_LIMITS.profile).nullish(),
  }),
  tags: z
    .array(
      z.object({
        key: text('tags.key', DATASET_LIMITS.inputTagKey),
        value: z.string().max(DATASET_LIMITS.inputTagValue).default(''),
      }),
    )
    .default([]),
});

const logInputsInput = z.object({
  runId: z.string(),
  datasets: z.array(datasetInputSchema).max(DATASET_LIMITS.datasetsPerRequest).default([]),
  /** MLflow 3 ModelInput: logged models of the team the run used. */
  models: z
    .array(z.object({ model_id: text('models.model_id', 100) }))
    .max(DATASET_LIMITS.datasetsPerRequest)
    .default([]),
});

export type LogInputsInput = z.input<typeof logInputsInput>;

export async function logInputs(principal: Principal, input: LogInputsInput): Promise<void> {
  const { runId, datasets, models } = parseInput(logInputsInput, input);
  const run = await loadRunFor(principal, runId, 'run:write');
  assertRunActive(run);
  if (datasets.length === 0 && models.length === 0) return;
  const actorId = actorUserId(principal);

  // One entry per (name, digest): the first wins, as a second link would be ignored anyway.
  const unique = new Map<string, (typeof datasets)[number]>();
  for (const entry of datasets) {
    const k = JSON.stringify([entry.dataset.name, entry.dataset.digest]);
    if (!unique.has(k)) unique.set(k, entry);
  }
  const entries = [...unique.values()];
  const names = entries.map((e) => e.dataset.name);
  const digests = entries.map((e) => e.dataset.digest);

  await withTransaction(async (client) => {
    if (models.length) {
      // Another team's model reads exactly like a missing one: nothing is written.
      const ids = [...new Set(models.map((m) => m.model_id))];
      const { rows } = await client.query<{ id: string }>(
        `SELECT m.id FROM logged_models m JOIN runs r ON r.id = m.run_id
          WHERE m.id = ANY($1::text[]) AND r.team_id = $2 AND m.deleted_at IS NULL`,
        [ids, run.teamId],
      );
      const found = new Set(rows.map((r) => r.id));
      const missing = ids.find((id) => !found.has(id));
      if (missing) throw notFound('Logged model', missing);
      await insertEdges(client, run.teamId, ids.map((id) => ({ from: loggedModelNode(id), to: runNode(run.id), kind: 'MODEL_INPUT', origin: 'MLFLOW', createdById: actorId })));
    }
    if (entries.length === 0) return;
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO datasets (id, team_id, name, digest, source_type, source, schema, profile, location)
       SELECT i.id, $1, i.name, i.digest, i.source_type, i.source, i.schema, i.profile, i.location
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
              AS i(id, name, digest, source_type, source, schema, profile, location)
       ON CONFLICT (team_id, name, digest) DO NOTHING
       RETURNING id`,
      [
        run.teamId,
        entries.map(() => randomUUID()),
        names,
        digests,
        entries.map((e) => e.dataset.source_type),
        entries.map((e) => e.dataset.source),
        entries.map((e) => e.dataset.schema ?? null),
        entries.map((e) => e.dataset.profile ?? null),
        entries.map((e) => mlflowDatasetLocation(e.dataset.source)),
      ],
    );
    await linkDatasetsAtLocations(client, run.teamId, inserted.rows.map((r) => r.id));
    await client.query(
      `INSERT INTO run_inputs (id, run_id, dataset_id, tags, context)
       SELECT i.id, $1, d.id, i.tags, i.context
         FROM unnest($3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[])
              AS i(id, name, digest, tags, context)
         JOIN datasets d ON d.team_id = $2 AND d.name = i.name AND d.digest = i.digest
       ON CONFLICT (run_id, dataset_id) DO NOTHING`,
      [
        run.id,
        run.teamId,
        entries.map(() => randomUUID()),
        names,
        digests,
        entries.map((e) => JSON.stringify(e.tags)),
        entries.map((e) => e.tags.findLast((t) => t.key === SystemTag.datasetContext)?.value ?? null),
      ],
    );
    await syncRunLineage(client, run.id, actorId);
  });
  publishEvent(runTopic(run.id)); // its inputs are part of the run (runs/get, the run page)
}
