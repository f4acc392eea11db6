// MLflow 3 DeleteLoggedModel (DELETE /logged-models/{model_id}): the model disappears from
// reads and searches (MLflow's lifecycle_stage 'deleted'); its files stay in the run's
// artifacts and registry versions made from it keep working.
import type { Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { loadLoggedModelFor } from './logged-model-view.ts';

export async function deleteLoggedModel(principal: Principal, input: { modelId: string }): Promise<void> {
  const model = await loadLoggedModelFor(principal, input.modelId, 'run:write');
  await db.loggedModel.update({ where: { id: model.id }, data: { deletedAt: new Date() } });
}
