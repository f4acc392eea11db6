// MLflow 3 LogOutputs (POST /runs/outputs): the client names the logged models a run
// produced. The link is already recorded (a logged model row belongs to its source run), so
// this checks the caller may write the run and that every model named is one of its team's.
import type { Principal } from '../../authz/index.ts';
import { notFound } from '../../errors.ts';
import { loadRunFor } from '../runs/load-run-for.ts';
import { loadLoggedModelFor } from './logged-model-view.ts';

export async function logOutputs(principal: Principal, input: { runId: string; modelIds: string[] }): Promise<void> {
  const run = await loadRunFor(principal, input.runId, 'run:write');
  for (const modelId of new Set(input.modelIds)) {
    const model = await loadLoggedModelFor(principal, modelId, 'team:read');
    if (model.teamId !== run.teamId) throw notFound('Logged model', modelId);
  }
}
