// MLflow 3 SetLoggedModelTags (PATCH /logged-models/{model_id}/tags): last write wins.
import type { Principal } from '../../authz/index.ts';
import { validateRunData } from '../validation.ts';
import { updateLoggedModelRecord, type LoggedModelView } from './logged-model-view.ts';

export async function setLoggedModelTags(
  principal: Principal,
  input: { modelId: string; tags: { key: string; value: string }[] },
): Promise<LoggedModelView> {
  // Run tags' rules: keys, value length, count; the last value per key wins.
  const { tags: valid } = validateRunData({ tags: input.tags });
  return updateLoggedModelRecord(principal, input.modelId, (record) => {
    const tags = new Map(record.tags.map((t) => [t.key, t.value]));
    for (const tag of valid) tags.set(tag.key, tag.value);
    return { ...record, tags: [...tags].map(([key, value]) => ({ key, value })) };
  });
}
