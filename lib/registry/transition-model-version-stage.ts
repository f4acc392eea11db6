// MLflow TransitionModelVersionStage, with archive_existing_versions; Cairn records the move
// (who, when, from, to, why) and refuses it to non-admins when either stage is protected.
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { loadVersionFor, type VersionRef } from './load-registry-rows.ts';
import { assertMayMove, lockModel, moveStage } from './moves.ts';
import { MAX_COMMENT_LENGTH, optionalText, parseStage } from './registry-input.ts';
import { loadVersionView, type ModelVersionView } from './registry-view.ts';

export type TransitionStageInput = {
  stage: string;
  archiveExistingVersions?: boolean | null;
  comment?: string | null;
  clientAddress?: string | null;
};

export async function transitionModelVersionStage(principal: Principal, ref: VersionRef, input: TransitionStageInput): Promise<ModelVersionView> {
  const toStage = parseStage(input.stage);
  const comment = optionalText(input.comment, 'comment', MAX_COMMENT_LENGTH);
  const found = await loadVersionFor(principal, ref, 'registry:write');
  await db.$transaction(async (tx) => {
    await lockModel(tx, found.modelId);
    const current = await tx.modelVersion.findUniqueOrThrow({ where: { id: found.id }, select: { id: true, version: true, stage: true } });
    await assertMayMove(tx, principal, found.teamId, { stages: [current.stage, toStage] });
    await moveStage(
      tx,
      { principal, teamId: found.teamId, modelId: found.modelId, modelName: found.modelName, ip: input.clientAddress, comment },
      { version: current, toStage, archiveExisting: !!input.archiveExistingVersions },
    );
  });
  return loadVersionView(found.id);
}
