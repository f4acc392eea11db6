// MLflow DeleteRegisteredModelAlias (an alias the model does not have is not an error, as in
// MLflow); recorded, and refused to non-admins when the alias is protected.
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { loadModelFor, type ModelRef } from './load-registry-rows.ts';
import { assertMayMove, lockModel, removeAlias } from './moves.ts';
import { checkAlias, MAX_COMMENT_LENGTH, optionalText } from './registry-input.ts';

export async function deleteModelAlias(
  principal: Principal,
  ref: ModelRef,
  input: { alias: string; comment?: string | null; clientAddress?: string | null },
): Promise<void> {
  const alias = checkAlias(input.alias);
  const comment = optionalText(input.comment, 'comment', MAX_COMMENT_LENGTH);
  const model = await loadModelFor(principal, ref, 'registry:write');
  await db.$transaction(async (tx) => {
    await lockModel(tx, model.id);
    await assertMayMove(tx, principal, model.teamId, { aliases: [alias] });
    await removeAlias(tx, { principal, teamId: model.teamId, modelId: model.id, modelName: model.name, ip: input.clientAddress, comment }, { alias });
  });
}
