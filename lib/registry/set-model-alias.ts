// MLflow SetRegisteredModelAlias: point an alias at a version (moving it from the version it
// named, if any). Cairn records the move and refuses it to non-admins when the alias is protected.
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { loadVersionFor, type VersionRef } from './load-registry-rows.ts';
import { assertMayMove, lockModel, setAlias } from './moves.ts';
import { checkAlias, MAX_COMMENT_LENGTH, optionalText } from './registry-input.ts';
import { loadVersionView, type ModelVersionView } from './registry-view.ts';

export async function setModelAlias(
  principal: Principal,
  ref: VersionRef,
  input: { alias: string; comment?: string | null; clientAddress?: string | null },
): Promise<ModelVersionView> {
  const alias = checkAlias(input.alias, { forSetting: true });
  const comment = optionalText(input.comment, 'comment', MAX_COMMENT_LENGTH);
  const version = await loadVersionFor(principal, ref, 'registry:write');
  await db.$transaction(async (tx) => {
    await lockModel(tx, version.modelId);
    await assertMayMove(tx, principal, version.teamId, { aliases: [alias] });
    await setAlias(
      tx,
      { principal, teamId: version.teamId, modelId: version.modelId, modelName: version.modelName, ip: input.clientAddress, comment },
      { alias, version },
    );
  });
  return loadVersionView(version.id);
}
