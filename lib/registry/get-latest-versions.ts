// MLflow GetLatestVersions: the highest live version in each of `stages` (every stage when
// none is named), in stage order.
import type { Principal } from '../authz/index.ts';
import { loadModelFor, type ModelRef } from './load-registry-rows.ts';
import { parseStage } from './registry-input.ts';
import { loadModelView, type ModelVersionView } from './registry-view.ts';

export async function getLatestVersions(principal: Principal, ref: ModelRef, input: { stages?: string[] | null }): Promise<ModelVersionView[]> {
  const stages = new Set((input.stages ?? []).map(parseStage));
  const model = await loadModelFor(principal, ref, 'team:read');
  const { latestVersions } = await loadModelView(model.id);
  return stages.size ? latestVersions.filter((v) => stages.has(v.stage)) : latestVersions;
}
