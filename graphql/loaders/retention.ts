// Retention policies and artifact storage by project id (Project.retentionPolicy and
// Project.artifactStorage). Projects reach these loaders only once the caller could read them.
import DataLoader from 'dataloader';
import { readableTeamIds, type Principal } from '../../lib/authz/index.ts';
import { db } from '../../lib/db/client.ts';
import { artifactStorageOf, type ArtifactStorage } from '../../lib/retention/artifact-storage.ts';
import { retentionPolicyView, type RetentionPolicyView } from '../../lib/retention/get-retention-policy.ts';
import { oneByKey } from './batch.ts';

export function createRetentionPolicyLoader(principal: Principal) {
  return new DataLoader<bigint, RetentionPolicyView | null, string>(
    async (ids) => {
      const rows = await db.retentionPolicy.findMany({
        where: { projectId: { in: [...ids] }, project: { teamId: { in: readableTeamIds(principal) } } },
      });
      return oneByKey(ids.map(String), rows.map(retentionPolicyView), (row) => row.projectId);
    },
    { cacheKeyFn: (id) => String(id) },
  );
}

export function createArtifactStorageLoader() {
  return new DataLoader<bigint, ArtifactStorage, string>((ids) => artifactStorageOf(ids.map(String)), { cacheKeyFn: (id) => String(id) });
}
