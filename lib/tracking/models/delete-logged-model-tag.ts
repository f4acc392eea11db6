// MLflow 3 DeleteLoggedModelTag (DELETE /logged-models/{model_id}/tags/{tag_key}): a key the
// model does not have is RESOURCE_DOES_NOT_EXIST, as in MLflow's SQL store.
import type { Principal } from '../../authz/index.ts';
import { notFound } from '../../errors.ts';
import { updateLoggedModelRecord, type LoggedModelView } from './logged-model-view.ts';

export async function deleteLoggedModelTag(principal: Principal, input: { modelId: string; key: string }): Promise<LoggedModelView> {
  return updateLoggedModelRecord(principal, input.modelId, (record) => {
    if (!record.tags.some((tag) => tag.key === input.key)) throw notFound(`Tag '${input.key}' of logged model`, input.modelId);
    return { ...record, tags: record.tags.filter((tag) => tag.key !== input.key) };
  });
}
