// MLflow 3 SetLoggedModelTags (PATCH /logged-models/{model_id}/tags): last write wins.
import type { Principal } from '../../authz/index.ts';
import { badInput } from '../../errors.ts';
import { updateLoggedModelRecord, type LoggedModelView } from './logged-model-view.ts';

export async function setLoggedModelTags(
  principal: Principal,
  input: { modelId: string; tags: { key: string; value: string }[] },
): Promise<LoggedModelView> {
  for (const tag of input.tags) {
    if (!tag.key || tag.key.length > 250) throw badInput('Logged model tag keys are 1 to 250 characters');
    if (tag.value.length > 5000) throw badInput(`Tag value for '${tag.key}' exceeds 5000 characters`);
  }
  return updateLoggedModelRecord(principal, input.modelId, (record) => {
    const tags = new Map(record.tags.map((t) => [t.key, t.value]));
    for (const tag of input.tags) tags.set(tag.key, tag.value);
    return { ...record, tags: [...tags].map(([key, value]) => ({ key, value })) };
  });
}
