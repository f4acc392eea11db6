// MLflow SetModelVersionTag: last write wins.
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { loadVersionFor, type VersionRef } from './load-registry-rows.ts';
import { checkRegistryTag } from './registry-input.ts';

export async function setModelVersionTag(principal: Principal, ref: VersionRef, input: { key: string; value?: string | null }): Promise<void> {
  const tag = checkRegistryTag(input.key, input.value);
  const version = await loadVersionFor(principal, ref, 'registry:write');
  await db.modelVersionTag.upsert({
    where: { versionId_key: { versionId: version.id, key: tag.key } },
    create: { versionId: version.id, ...tag },
    update: { value: tag.value },
  });
}
