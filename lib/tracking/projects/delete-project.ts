// Soft-delete a project. As MLflow does, its runs are marked deleted with it; they carry
// the project's deletion time so restoring the project brings back exactly those runs.
import type { Principal } from '../../authz/index.ts';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { db } from '../../db/client.ts';
import { badInput } from '../../errors.ts';
import { requireProjectId } from './get-project.ts';
import { loadProjectFor } from './load-project-for.ts';

export async function deleteProject(principal: Principal, input: { projectId: string | bigint }): Promise<void> {
  const project = await loadProjectFor(principal, requireProjectId(principal, input.projectId, 'project:write'), 'project:write');
  if (project.isDefault) throw badInput('Cannot delete the default experiment');
  if (project.lifecycleStage === 'DELETED') throw badInput(`Experiment '${project.id}' is already deleted`);
  const deletedAt = new Date();
  await db.$transaction(async (tx) => {
    await tx.project.update({ where: { id: project.id }, data: { lifecycleStage: 'DELETED', deletedAt } });
    const runs = await tx.run.updateMany({ where: { projectId: project.id, lifecycleStage: 'ACTIVE' }, data: { lifecycleStage: 'DELETED', deletedAt } });
    await recordAuditEvent(tx, { principal, teamId: project.teamId, action: 'project.delete', targetType: 'Project', targetId: String(project.id), metadata: { name: project.name, runs: runs.count } });
  });
}
