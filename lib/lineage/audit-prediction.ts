// Pressure test 6, the prediction audit: for a run that made predictions, the model versions
// it used (declared with cairn.model, the GraphQL API, or an MLflow 3 model input of a logged
// model that was registered), the data it read and wrote, and the training data behind each
// version. One walk around the run, one for the versions' training data.
import { authorizeRow, canReadRow, type Principal } from '../authz/index.ts';
import { pool } from '../db/client.ts';
import { loadRunFor } from '../tracking/runs/load-run-for.ts';
import { listTrainingData, type TrainingDataView } from './list-training-data.ts';
import { runNode, tryParseNodeKey } from './node-key.ts';
import { walkLineage } from './walk-lineage.ts';

export type PredictionAuditView = {
  runId: string;
  teamId: string;
  modelVersionIds: string[];
  inputs: string[];
  outputs: string[];
  trainingData: TrainingDataView[];
};

export async function auditPrediction(principal: Principal, input: { runId: string }): Promise<PredictionAuditView> {
  const run = await loadRunFor(principal, input.runId, 'team:read');
  const me = runNode(run.id);
  // A share link reaches no lineage, not even its own run's.
  authorizeRow(principal, 'team:read', run.teamId, 'Lineage', me);
  const [walk] = await walkLineage(pool(), run.teamId, [me], { direction: 'BOTH', maxDepth: 2, nodeCap: 5000, stepEdgeCap: 20000 });
  const versions = new Set<string>();
  const usedModels = new Set<string>();
  const inputs: string[] = [];
  const outputs: string[] = [];
  for (const hop of walk.hops) {
    const from = tryParseNodeKey(hop.from);
    const to = tryParseNodeKey(hop.to);
    if (!from || !to) continue;
    if (hop.to === me && hop.kind === 'MODEL_INPUT' && from.kind === 'MODEL_VERSION') versions.add(from.id);
    if (hop.to === me && hop.kind === 'MODEL_INPUT' && from.kind === 'LOGGED_MODEL') usedModels.add(hop.from);
    if (hop.to === me && hop.kind === 'INPUT' && from.kind === 'DATASET') inputs.push(from.id);
    if (hop.from === me && hop.kind === 'OUTPUT' && to.kind === 'DATASET') outputs.push(to.id);
  }
  for (const hop of walk.hops) {
    const to = tryParseNodeKey(hop.to);
    if (hop.kind === 'REGISTERED' && usedModels.has(hop.from) && to?.kind === 'MODEL_VERSION') versions.add(to.id);
  }
  const readable = (noun: string) => (id: string) => canReadRow(principal, run.teamId, noun, id);
  const modelVersionIds = [...versions].filter(readable('Model version'));
  const trainingData = [...(await listTrainingData(run.teamId, modelVersionIds)).values()].flat().filter((t) => readable('Dataset')(t.datasetId));
  return {
    runId: run.id,
    teamId: run.teamId,
    modelVersionIds,
    inputs: inputs.filter(readable('Dataset')),
    outputs: outputs.filter(readable('Dataset')),
    trainingData,
  };
}
