// MLflow DeleteRegisteredModel: the model, its versions, aliases, requests and history go (as
// in MLflow, a deleted name can be registered again). The audit trail keeps the record of it.
// A model that holds a protected stage or alias is deleted by admins only.
import type { Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { loadModelFor, type ModelRef } from './load-registry-rows.ts';
import { assertMayChangeHolder, lockModel } from './moves.ts';

export async function deleteRegisteredModel(principal: Principal, ref: ModelRef, input: { clientAddress?: string | null } = {}): Promise<void> {
  const model = await loadModelFor(principal, ref, 'registry:write');
  await db.$transaction(async (tx) => {
    await lockModel(tx, model.id);
    const held = await assertMayChangeHolder(tx, principal, model.teamId, { modelId: model.id });
    const versions = await tx.modelVersion.count({ where: { modelId: model.id, deletedAt: null } });
    await tx.registeredModel.delete({ where: { id: model.id } });
    await recordAuditEvent(tx, {
      principal,
      teamId: model.teamId,
      action: 'registry.model.delete',
      targetType: 'RegisteredModel',
      targetId: model.id,
      ip: input.clientAddress,
      metadata: { model: model.name, versions, aliases: held.aliases },
    });
  });
}
