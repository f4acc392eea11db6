// MLflow DeleteModelVersion. The row stays (its number is never reused, and its history
// and the requests about it remain readable) but every read leaves it out; the aliases naming
// it go (recorded as automatic alias deletions) and pending requests about it are cancelled.
// A version in a protected stage or holding a protected alias is deleted by admins only.
import type { Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { loadVersionFor, type VersionRef } from './load-registry-rows.ts';
import { assertMayChangeHolder, lockModel, removeAlias, type MoveContext } from './moves.ts';
import { stageName } from './registry-input.ts';

export async function deleteModelVersion(principal: Principal, ref: VersionRef, input: { clientAddress?: string | null } = {}): Promise<void> {
  const version = await loadVersionFor(principal, ref, 'registry:write');
  await db.$transaction(async (tx) => {
    await lockModel(tx, version.modelId);
    const held = await assertMayChangeHolder(tx, principal, version.teamId, { versionId: version.id });
    const ctx: MoveContext = { principal, teamId: version.teamId, modelId: version.modelId, modelName: version.modelName, ip: input.clientAddress };
    for (const alias of held.aliases) await removeAlias(tx, ctx, { alias, automatic: `Version ${version.version} was deleted` });
    const now = new Date();
    await tx.modelTransitionRequest.updateMany({
      where: { versionId: version.id, status: 'PENDING' },
      data: { status: 'CANCELLED', decidedAt: now, decisionComment: `Version ${version.version} was deleted` },
    });
    await tx.modelVersion.update({ where: { id: version.id }, data: { deletedAt: now } });
    await tx.registeredModel.update({ where: { id: version.modelId }, data: { updatedAt: now } });
    await recordAuditEvent(tx, {
      principal,
      teamId: version.teamId,
      action: 'registry.version.delete',
      targetType: 'ModelVersion',
      targetId: version.id,
      ip: input.clientAddress,
      metadata: { model: version.modelName, modelId: version.modelId, version: version.version, stage: stageName(version.stage) },
    });
  });
}
