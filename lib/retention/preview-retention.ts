// Dry run of a retention policy: what it would remove now, what later, what it keeps and
// why. The project's saved policy, or a draft not saved yet (to try one before setting it).
import type { Principal } from '../authz/index.ts';
import { db, pool } from '../db/client.ts';
import { badInput } from '../errors.ts';
import { requireProjectId } from '../tracking/projects/get-project.ts';
import { loadProjectFor } from '../tracking/projects/load-project-for.ts';
import { parseInput } from '../validation/parse-input.ts';
import { planRetention, type RetentionPlan } from './plan-retention.ts';
import { retentionPolicySchema, type RetentionPolicyInput } from './retention-policy-input.ts';

export async function previewRetention(
  principal: Principal,
  input: { projectId: string | bigint; policy?: RetentionPolicyInput | null; now?: Date },
): Promise<RetentionPlan> {
  const projectId = requireProjectId(principal, input.projectId, 'team:read');
  await loadProjectFor(principal, projectId, 'team:read');
  let policy = input.policy ? parseInput(retentionPolicySchema, input.policy) : null;
  if (!policy) {
    const saved = await db.retentionPolicy.findUnique({ where: { projectId } });
    if (!saved) throw badInput('This project has no retention policy: give one to preview', { field: 'policy' });
    policy = saved;
  }
  return planRetention(pool(), projectId, policy, input.now ?? new Date());
}
