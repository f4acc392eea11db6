// MLflow 3 GetLoggedModel (GET /logged-models/{model_id}).
import type { Principal } from '../../authz/index.ts';
import { loadLoggedModelFor, type LoggedModelView } from './logged-model-view.ts';

export async function getLoggedModel(principal: Principal, input: { modelId: string }): Promise<LoggedModelView> {
  return loadLoggedModelFor(principal, input.modelId, 'team:read');
}
