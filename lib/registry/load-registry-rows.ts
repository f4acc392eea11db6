// Load one registered model or model version for a principal about to do `action`. REST names
// them as MLflow does (team + model name [+ version number]), GraphQL and pages by id. A
// missing row, a deleted version and another team's row all answer NOT_FOUND, in MLflow's
// words ("Registered Model with name=m not found"), so nothing hints that another team's exists.
import { authorizeRow, type Action, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { checkModelName, parseVersionNumber } from './registry-input.ts';

export type ModelRef = { modelId: string } | { teamId: string; name: string };
export type VersionRef = { versionId: string } | { teamId: string; name: string; version: string | number };

export type ModelRow = { id: string; teamId: string; name: string };
export type VersionRow = { id: string; modelId: string; version: number; stage: import('../db/client.ts').ModelStage; teamId: string; modelName: string };

export const modelNotFound = (name: string) => new AppError('NOT_FOUND', `Registered Model with name=${name} not found`);
export const versionNotFound = (name: string, version: number | string) => new AppError('NOT_FOUND', `Model Version (name=${name}, version=${version}) not found`);

export async function loadModelFor(principal: Principal, ref: ModelRef, action: Action): Promise<ModelRow> {
  if ('modelId' in ref) {
    const row = await db.registeredModel.findUnique({ where: { id: ref.modelId }, select: { id: true, teamId: true, name: true } });
    authorizeRow(principal, action, row?.teamId, 'Registered model', ref.modelId);
    return row!;
  }
  const name = checkModelName(ref.name);
  const row = await db.registeredModel.findUnique({ where: { teamId_name: { teamId: ref.teamId, name } }, select: { id: true, teamId: true, name: true } });
  try {
    authorizeRow(principal, action, row?.teamId, 'Registered model', name);
  } catch (error) {
    throw (error as AppError).code === 'NOT_FOUND' ? modelNotFound(name) : error;
  }
  return row!;
}

export async function loadVersionFor(principal: Principal, ref: VersionRef, action: Action): Promise<VersionRow> {
  const select = { id: true, modelId: true, version: true, stage: true, model: { select: { teamId: true, name: true } } } as const;
  let row;
  let label: () => AppError;
  if ('versionId' in ref) {
    row = await db.modelVersion.findFirst({ where: { id: ref.versionId, deletedAt: null }, select });
    label = () => new AppError('NOT_FOUND', `Model version '${ref.versionId}' not found`);
  } else {
    const name = checkModelName(ref.name);
    const version = parseVersionNumber(ref.version);
    row = await db.modelVersion.findFirst({ where: { version, deletedAt: null, model: { teamId: ref.teamId, name } }, select });
    label = () => versionNotFound(name, version);
  }
  try {
    authorizeRow(principal, action, row?.model.teamId, 'Model version');
  } catch (error) {
    throw (error as AppError).code === 'NOT_FOUND' ? label() : error;
  }
  const found = row!;
  return { id: found.id, modelId: found.modelId, version: found.version, stage: found.stage, teamId: found.model.teamId, modelName: found.model.name };
}
