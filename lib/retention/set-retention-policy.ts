// Set, change or remove (policy null) a project's artifact retention policy. Admins and
// owners, in a session: a policy removes other people's files. Audited with the old and new
// policy. The policy applies at the next scheduled gc; previewRetention shows what it would do.
import type { Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { requireProjectId } from '../tracking/projects/get-project.ts';
import { loadProjectFor } from '../tracking/projects/load-project-for.ts';
import { parseInput } from '../validation/parse-input.ts';
import { actorUserId } from '../authz/index.ts';
import { retentionPolicySchema, type RetentionPolicyInput, type RetentionPolicyRule } from './retention-policy-input.ts';
import { retentionPolicyView, type RetentionPolicyView } from './get-retention-policy.ts';

/** The rule alone, as the audit trail keeps it. */
const policyOf = ({ keepTopN, metricKey, metricGoal, purgeAfterDays, enabled }: RetentionPolicyRule) => ({ keepTopN, metricKey, metricGoal, purgeAfterDays, enabled });

export async function setRetentionPolicy(
  principal: Principal,
  input: { projectId: string | bigint; policy: RetentionPolicyInput | null },
): Promise<RetentionPolicyView | null> {
  const projectId = requireProjectId(principal, input.projectId, 'retention:manage');
  const project = await loadProjectFor(principal, projectId, 'retention:manage');
  const policy = input.policy === null ? null : parseInput(retentionPolicySchema, input.policy);
  return db.$transaction(async (tx) => {
    const before = await tx.retentionPolicy.findUnique({ where: { projectId } });
    let after = null;
    if (policy === null) {
      if (before) await tx.retentionPolicy.delete({ where: { projectId } });
    } else {
      const data = { ...policy, updatedById: actorUserId(principal) };
      after = await tx.retentionPolicy.upsert({ where: { projectId }, create: { projectId, ...data }, update: data });
    }
    await recordAuditEvent(tx, {
      principal,
      teamId: project.teamId,
      action: 'retention.update',
      targetType: 'Project',
      targetId: String(projectId),
      metadata: { project: project.name, before: before && policyOf(before), after: after && policyOf(after) },
    });
    return after && retentionPolicyView(after);
  });
}
