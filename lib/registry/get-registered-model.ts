// MLflow GetRegisteredModel, by name in the team (REST) or by id (GraphQL, pages).
import type { Principal } from '../authz/index.ts';
import { loadModelFor, type ModelRef } from './load-registry-rows.ts';
import { loadModelView, type RegisteredModelView } from './registry-view.ts';

export async function getRegisteredModel(principal: Principal, ref: ModelRef): Promise<RegisteredModelView> {
  const model = await loadModelFor(principal, ref, 'team:read');
  return loadModelView(model.id);
}
