// MLflow GetModelVersionByAlias: what models:/<name>@<alias> loads. 'latest' (any case) is
// the highest live version. An unknown alias is INVALID_PARAMETER_VALUE, as in MLflow.
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { AppError, badInput } from '../errors.ts';
import { loadModelFor, type ModelRef } from './load-registry-rows.ts';
import { checkAlias } from './registry-input.ts';
import { loadVersionView, type ModelVersionView } from './registry-view.ts';

export async function getModelVersionByAlias(principal: Principal, ref: ModelRef, input: { alias: string }): Promise<ModelVersionView> {
  const alias = checkAlias(input.alias);
  const model = await loadModelFor(principal, ref, 'team:read');
  if (alias.toLowerCase() === 'latest') {
    const latest = await db.modelVersion.findFirst({ where: { modelId: model.id, deletedAt: null }, orderBy: { version: 'desc' }, select: { id: true } });
    if (!latest) throw new AppError('NOT_FOUND', `Latest version not found for model ${model.name}.`);
    return loadVersionView(latest.id);
  }
  const row = await db.modelAlias.findUnique({ where: { modelId_alias: { modelId: model.id, alias } }, select: { versionId: true } });
  if (!row) throw badInput(`Registered model alias ${alias} not found.`);
  return loadVersionView(row.versionId);
}
