// A project's retention policy, for anyone who can read the project.
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import type { RetentionPolicy } from '../db/generated/client.ts';
import { requireProjectId } from '../tracking/projects/get-project.ts';
import { loadProjectFor } from '../tracking/projects/load-project-for.ts';
import type { RetentionPolicyRule } from './retention-policy-input.ts';

export type RetentionPolicyView = RetentionPolicyRule & { projectId: string; updatedAt: Date; updatedById: string | null };

export function retentionPolicyView(row: RetentionPolicy): RetentionPolicyView {
  return {
    projectId: String(row.projectId),
    keepTopN: row.keepTopN,
    metricKey: row.metricKey,
    metricGoal: row.metricGoal,
    purgeAfterDays: row.purgeAfterDays,
    enabled: row.enabled,
    updatedAt: row.updatedAt,
    updatedById: row.updatedById,
  };
}

export async function getRetentionPolicy(principal: Principal, input: { projectId: string | bigint }): Promise<RetentionPolicyView | null> {
  const projectId = requireProjectId(principal, input.projectId, 'team:read');
  await loadProjectFor(principal, projectId, 'team:read');
  const row = await db.retentionPolicy.findUnique({ where: { projectId } });
  return row && retentionPolicyView(row);
}
