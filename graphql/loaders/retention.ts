// Retention policies by project id (Project.retentionPolicy), limited to the caller's readable teams.
import DataLoader from 'dataloader';
import { readableTeamIds, type Principal } from '../../lib/authz/index.ts';
import { db } from '../../lib/db/client.ts';
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
