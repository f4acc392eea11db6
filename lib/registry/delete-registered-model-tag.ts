// MLflow DeleteRegisteredModelTag: a key the model does not have is not an error (as MLflow).
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { badInput } from '../errors.ts';
import { loadModelFor, type ModelRef } from './load-registry-rows.ts';

export async function deleteRegisteredModelTag(principal: Principal, ref: ModelRef, input: { key: string }): Promise<void> {
  if (!input.key) throw badInput("Missing value for required parameter 'key'.");
  const model = await loadModelFor(principal, ref, 'registry:write');
  await db.registeredModelTag.deleteMany({ where: { modelId: model.id, key: input.key } });
}
