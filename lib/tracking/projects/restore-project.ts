// Restore a soft-deleted project and the runs that were deleted along with it (runs
// deleted on their own before stay deleted).
import type { Principal } from '../../authz/index.ts';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { db } from '../../db/client.ts';
import { badInput } from '../../errors.ts';
import { requireProjectId } from './get-project.ts';
import { loadProjectFor } from './load-project-for.ts';

export async function restoreProject(principal: Principal, input: { projectId: string | bigint }): Promise<void> {
  const project = await loadProjectFor(principal, requireProjectId(principal, input.projectId, 'project:write'), 'project:write');
  if (project.lifecycleStage !== 'DELETED') throw badInput(`Cannot restore experiment '${project.id}': it is not deleted`);
  await db.$transaction(async (tx) => {
    await tx.project.update({ where: { id: project.id }, data: { lifecycleStage: 'ACTIVE', deletedAt: null } });
    const runs = await tx.run.updateMany({
      where: { projectId: project.id, lifecycleStage: 'DELETED', deletedAt: project.deletedAt },
      data: { lifecycleStage: 'ACTIVE', deletedAt: null },
    });
    await recordAuditEvent(tx, { principal, teamId: project.teamId, action: 'project.restore', targetType: 'Project', targetId: String(project.id), metadata: { name: project.name, runs: runs.count } });
  });
}
