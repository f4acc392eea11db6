// MLflow UpdateRegisteredModel: the description (left out or blank clears it, as MLflow).
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { loadModelFor, type ModelRef } from './load-registry-rows.ts';
import { MAX_DESCRIPTION_LENGTH, optionalText } from './registry-input.ts';
import { loadModelView, type RegisteredModelView } from './registry-view.ts';

export async function updateRegisteredModel(principal: Principal, ref: ModelRef, input: { description?: string | null }): Promise<RegisteredModelView> {
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION_LENGTH);
  const model = await loadModelFor(principal, ref, 'registry:write');
  await db.registeredModel.update({ where: { id: model.id }, data: { description } });
  return loadModelView(model.id);
}
