// MLflow 3 LogOutputs (POST /runs/outputs): the client names the logged models a run
// produced, with the step each was produced at. The link itself is already recorded (a logged
// model row belongs to its source run); this checks the caller may write the run, that every
// model named is one of its models, and keeps the step (runs/get answers it in run.outputs).
import { actorUserId, type Principal } from '../../authz/index.ts';
import { insertEdges } from '../../lineage/edges.ts';
import { loggedModelNode, runNode } from '../../lineage/node-key.ts';
import { badInput, notFound } from '../../errors.ts';
import { publishEvent } from '../../events/publish-event.ts';
import { runTopic } from '../../events/topics.ts';
import { loadRunFor } from '../runs/load-run-for.ts';
import { toInt64 } from '../validation.ts';
import { loadLoggedModelFor, updateLoggedModelRecord } from './logged-model-view.ts';

export async function logOutputs(principal: Principal, input: { runId: string; models: { modelId: string; step?: number | bigint | string | null }[] }): Promise<void> {
  const run = await loadRunFor(principal, input.runId, 'run:write');
  const steps = new Map<string, number>();
  for (const [i, { modelId, step }] of input.models.entries()) {
    const value = step === undefined || step === null ? 0n : toInt64(step);
    if (value === undefined) throw badInput(`Invalid value for parameter 'models[${i}].step': expected an integer`);
    steps.set(modelId, Number(value));
  }
  for (const modelId of steps.keys()) {
    const model = await loadLoggedModelFor(principal, modelId, 'team:read');
    if (model.teamId !== run.teamId) throw notFound('Logged model', modelId);
  }
  for (const [modelId, step] of steps) {
    // With the step, the lineage edge: the run produced the model (already there when it is
    // the model's source run; a no-op then).
    await updateLoggedModelRecord(
      principal,
      modelId,
      (record) => ({ ...record, outputStep: step }),
      (client) => insertEdges(client, run.teamId, [{ from: runNode(run.id), to: loggedModelNode(modelId), kind: 'PRODUCED', origin: 'MLFLOW', createdById: actorUserId(principal) }]),
    );
  }
  publishEvent(runTopic(run.id)); // runs/get answers the steps in run.outputs
}
