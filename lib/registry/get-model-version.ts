// MLflow GetModelVersion, by model name and number (REST) or by id (GraphQL, pages).
import type { Principal } from '../authz/index.ts';
import { loadVersionFor, type VersionRef } from './load-registry-rows.ts';
import { loadVersionView, type ModelVersionView } from './registry-view.ts';

export async function getModelVersion(principal: Principal, ref: VersionRef): Promise<ModelVersionView> {
  const version = await loadVersionFor(principal, ref, 'team:read');
  return loadVersionView(version.id);
}
