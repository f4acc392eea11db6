// MLflow RenameRegisteredModel. Renaming breaks every models:/<name>/... URI a deployment
// loads, so a model holding a protected stage or alias is renamed by admins only.
import type { Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { isUniqueViolation } from '../errors.ts';
import { modelNameTaken } from './create-registered-model.ts';
import { loadModelFor, type ModelRef } from './load-registry-rows.ts';
import { assertMayChangeHolder, lockModel } from './moves.ts';
import { checkModelName } from './registry-input.ts';
import { loadModelView, type RegisteredModelView } from './registry-view.ts';

export async function renameRegisteredModel(
  principal: Principal,
  ref: ModelRef,
  input: { newName: string; clientAddress?: string | null },
): Promise<RegisteredModelView> {
  const newName = checkModelName(input.newName, 'new_name');
  const model = await loadModelFor(principal, ref, 'registry:write');
  try {
    await db.$transaction(async (tx) => {
      await lockModel(tx, model.id);
      await assertMayChangeHolder(tx, principal, model.teamId, { modelId: model.id });
      await tx.registeredModel.update({ where: { id: model.id }, data: { name: newName } });
      await recordAuditEvent(tx, {
        principal,
        teamId: model.teamId,
        action: 'registry.model.rename',
        targetType: 'RegisteredModel',
        targetId: model.id,
        ip: input.clientAddress,
        metadata: { from: model.name, to: newName },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw modelNameTaken(newName);
    throw error;
  }
  return loadModelView(model.id);
}
