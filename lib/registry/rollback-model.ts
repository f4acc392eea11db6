// Rollback in one action: move a stage (Staging, Production) or an alias back to the version it
// held before, with a reason. The target comes from the history (moves.ts rollbackVersion:
// repeated rollbacks walk further back); the move is recorded like any other, marked as a
// rollback. A protected stage or alias rolls back by admins only (others request it).
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { badInput } from '../errors.ts';
import { loadModelFor, type ModelRef } from './load-registry-rows.ts';
import { assertMayMove, lockModel, moveStage, rollbackVersion, setAlias, type RollbackTarget } from './moves.ts';
import { checkAlias, MAX_COMMENT_LENGTH, optionalText, parseStage } from './registry-input.ts';
import { loadVersionView, type ModelVersionView } from './registry-view.ts';

export type RollbackInput = { stage?: string | null; alias?: string | null; comment?: string | null; clientAddress?: string | null };

/** The stage or alias a rollback names: exactly one of them. */
export function rollbackTargetOf(input: { stage?: string | null; alias?: string | null }): RollbackTarget {
  if (!input.stage === !input.alias) throw badInput('Name exactly one of stage or alias to roll back');
  return input.stage ? { stage: parseStage(input.stage) } : { alias: checkAlias(input.alias) };
}

export async function rollbackModel(principal: Principal, ref: ModelRef, input: RollbackInput): Promise<ModelVersionView> {
  const target = rollbackTargetOf(input);
  const comment = optionalText(input.comment, 'comment', MAX_COMMENT_LENGTH);
  const model = await loadModelFor(principal, ref, 'registry:write');
  const versionId = await db.$transaction(async (tx) => {
    await lockModel(tx, model.id);
    const previous = await rollbackVersion(tx, model.id, target);
    await assertMayMove(tx, principal, model.teamId, target.stage ? { stages: [target.stage] } : { aliases: [target.alias] });
    const ctx = { principal, teamId: model.teamId, modelId: model.id, modelName: model.name, ip: input.clientAddress, comment, rollback: true };
    if (target.stage) {
      const version = await tx.modelVersion.findUniqueOrThrow({ where: { id: previous.id }, select: { id: true, version: true, stage: true } });
      await moveStage(tx, ctx, { version, toStage: target.stage, archiveExisting: true });
    } else {
      await setAlias(tx, ctx, { alias: target.alias, version: previous });
    }
    return previous.id;
  });
  return loadVersionView(versionId);
}
