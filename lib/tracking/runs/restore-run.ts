// Restore a soft-deleted run (MLflow runs/restore).
import type { Principal } from '../../authz/index.ts';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { db } from '../../db/client.ts';
import { publishEvent } from '../../events/publish-event.ts';
import { projectTopic, runTopic } from '../../events/topics.ts';
import { loadRunFor } from './load-run-for.ts';

export async function restoreRun(principal: Principal, input: { runId: string }): Promise<void> {
  const run = await loadRunFor(principal, input.runId, 'run:write');
  if (run.lifecycleStage === 'ACTIVE') return;
  await db.$transaction(async (tx) => {
    await tx.run.update({ where: { id: run.id }, data: { lifecycleStage: 'ACTIVE', deletedAt: null } });
    await recordAuditEvent(tx, { principal, teamId: run.teamId, action: 'run.restore', targetType: 'Run', targetId: run.id, metadata: { name: run.name, projectId: run.projectId } });
  });
  publishEvent(runTopic(run.id), projectTopic(run.projectId));
}
