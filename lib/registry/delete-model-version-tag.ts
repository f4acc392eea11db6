// MLflow DeleteModelVersionTag: a key the version does not have is not an error (as MLflow).
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { badInput } from '../errors.ts';
import { loadVersionFor, type VersionRef } from './load-registry-rows.ts';

export async function deleteModelVersionTag(principal: Principal, ref: VersionRef, input: { key: string }): Promise<void> {
  if (!input.key) throw badInput("Missing value for required parameter 'key'.");
  const version = await loadVersionFor(principal, ref, 'registry:write');
  await db.modelVersionTag.deleteMany({ where: { versionId: version.id, key: input.key } });
}
