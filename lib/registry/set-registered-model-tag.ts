// MLflow SetRegisteredModelTag: last write wins.
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { loadModelFor, type ModelRef } from './load-registry-rows.ts';
import { checkRegistryTag } from './registry-input.ts';

export async function setRegisteredModelTag(principal: Principal, ref: ModelRef, input: { key: string; value?: string | null }): Promise<void> {
  const tag = checkRegistryTag(input.key, input.value);
  const model = await loadModelFor(principal, ref, 'registry:write');
  await db.registeredModelTag.upsert({
    where: { modelId_key: { modelId: model.id, key: tag.key } },
    create: { modelId: model.id, ...tag },
    update: { value: tag.value },
  });
}
