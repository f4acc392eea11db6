// MLflow UpdateModelVersion: the description (left out or blank clears it).
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { loadVersionFor, type VersionRef } from './load-registry-rows.ts';
import { MAX_DESCRIPTION_LENGTH, optionalText } from './registry-input.ts';
import { loadVersionView, type ModelVersionView } from './registry-view.ts';

export async function updateModelVersion(principal: Principal, ref: VersionRef, input: { description?: string | null }): Promise<ModelVersionView> {
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION_LENGTH);
  const version = await loadVersionFor(principal, ref, 'registry:write');
  await db.modelVersion.update({ where: { id: version.id }, data: { description } });
  return loadVersionView(version.id);
}
