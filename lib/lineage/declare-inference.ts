// An inference run, declared in one call (the prediction audit's record): the model versions it
// used, the datasets it read and the predictions it wrote. Predictions that Cairn has not seen
// are recorded as datasets of the team (name, digest, source), as log-inputs records them.
// All of it or nothing, in one transaction; every reference must be the run's team's.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorUserId, authorizeRow, type Principal } from '../authz/index.ts';
import { recordAuditEventSql } from '../audit/record-audit-event.ts';
import { withTransaction } from '../db/sql.ts';
import { parseInput } from '../validation/parse-input.ts';
import { loadRunFor } from '../tracking/runs/load-run-for.ts';
import { DATASET_LIMITS } from '../tracking/datasets/log-inputs.ts';
import { describeNodes } from './describe-nodes.ts';
import { mlflowDatasetLocation } from './dataset-location.ts';
import { insertEdges, type EdgeInput } from './edges.ts';
import { linkDatasetsAtLocations } from './link-dataset-versions.ts';
import { datasetNode, runNode, versionNode } from './node-key.ts';

const id = z.string().min(1).max(200);
const datasetSpec = z.object({
  name: z.string().min(1).max(DATASET_LIMITS.name),
  digest: z.string().min(1).max(DATASET_LIMITS.digest),
  source: z.string().min(1).max(DATASET_LIMITS.source),
  sourceType: z.string().min(1).max(DATASET_LIMITS.sourceType).default('external'),
});

const declareInferenceInput = z.object({
  runId: id,
  modelVersionIds: z.array(id).min(1).max(20),
  inputDatasetIds: z.array(id).max(100).default([]),
  predictions: z.array(datasetSpec).max(100).default([]),
  predictionDatasetIds: z.array(id).max(100).default([]),
});

export type DeclareInferenceInput = z.input<typeof declareInferenceInput>;

export async function declareInference(principal: Principal, raw: DeclareInferenceInput): Promise<{ runId: string; predictionDatasetIds: string[] }> {
  const input = parseInput(declareInferenceInput, raw);
  const run = await loadRunFor(principal, input.runId, 'lineage:write');
  const keys = [...input.modelVersionIds.map(versionNode), ...[...input.inputDatasetIds, ...input.predictionDatasetIds].map(datasetNode)];
  const described = await describeNodes(keys);
  for (const key of keys) {
    const info = described.get(key)!;
    // Another team's version or dataset reads as a missing one.
    authorizeRow(principal, 'lineage:write', info.teamId === run.teamId && !info.deleted ? info.teamId : null, info.kind === 'DATASET' ? 'Dataset' : 'Model version', info.id);
  }
  const actorId = actorUserId(principal);
  const me = runNode(run.id);
  return withTransaction(async (client) => {
    const created: string[] = [];
    for (const spec of input.predictions) {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO datasets (id, team_id, name, digest, source_type, source, location) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (team_id, name, digest) DO UPDATE SET name = excluded.name RETURNING id`,
        [randomUUID(), run.teamId, spec.name, spec.digest, spec.sourceType, spec.source, mlflowDatasetLocation(spec.source)],
      );
      created.push(rows[0].id);
    }
    await linkDatasetsAtLocations(client, run.teamId, created);
    const outputs = [...input.predictionDatasetIds, ...created];
    const edge = (from: string, to: string, kind: EdgeInput['kind'], role: string): EdgeInput => ({ from, to, kind, origin: 'GRAPHQL', properties: { role }, createdById: actorId });
    await insertEdges(client, run.teamId, [
      ...input.modelVersionIds.map((v) => edge(versionNode(v), me, 'MODEL_INPUT', 'inference')),
      ...input.inputDatasetIds.map((d) => edge(datasetNode(d), me, 'INPUT', 'inference input')),
      ...outputs.map((d) => edge(me, datasetNode(d), 'OUTPUT', 'predictions')),
    ]);
    await recordAuditEventSql(client, {
      principal,
      teamId: run.teamId,
      action: 'lineage.declare',
      targetType: 'Run',
      targetId: run.id,
      metadata: { inference: true, modelVersions: input.modelVersionIds, inputs: input.inputDatasetIds, predictions: outputs },
    });
    return { runId: run.id, predictionDatasetIds: outputs };
  });
}
