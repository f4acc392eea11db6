// Soft-delete a run (MLflow runs/delete): hidden from default searches, restorable.
import type { Principal } from '../../authz/index.ts';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { db } from '../../db/client.ts';
import { publishEvent } from '../../events/publish-event.ts';
import { projectTopic, runTopic } from '../../events/topics.ts';
import { loadRunFor } from './load-run-for.ts';

export async function deleteRun(principal: Principal, input: { runId: string }): Promise<void> {
  const run = await loadRunFor(principal, input.runId, 'run:write');
  if (run.lifecycleStage === 'DELETED') return;
  await db.$transaction(async (tx) => {
    await tx.run.update({ where: { id: run.id }, data: { lifecycleStage: 'DELETED', deletedAt: new Date() } });
    await recordAuditEvent(tx, { principal, teamId: run.teamId, action: 'run.delete', targetType: 'Run', targetId: run.id, metadata: { name: run.name, projectId: run.projectId } });
  });
  publishEvent(runTopic(run.id), projectTopic(run.projectId));
}
