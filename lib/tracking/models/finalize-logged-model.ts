// MLflow 3 FinalizeLoggedModel (PATCH /logged-models/{model_id}): the client marks the model
// READY once its files are uploaded, or UPLOAD_FAILED.
import type { Principal } from '../../authz/index.ts';
import { badInput } from '../../errors.ts';
import { updateLoggedModelRecord, type LoggedModelStatus, type LoggedModelView } from './logged-model-view.ts';

export async function finalizeLoggedModel(principal: Principal, input: { modelId: string; status: LoggedModelStatus }): Promise<LoggedModelView> {
  if (input.status !== 'LOGGED_MODEL_READY' && input.status !== 'LOGGED_MODEL_UPLOAD_FAILED') {
    throw badInput(`Invalid status '${input.status}': finalize with LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED`);
  }
  return updateLoggedModelRecord(principal, input.modelId, (record) => ({ ...record, status: input.status }));
}
