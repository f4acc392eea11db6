// An admin approves a request: the move it asks for happens now, recorded in the history with
// the approver as actor and the request linked, and the request is closed, in one transaction.
// Nobody decides their own request (they can cancel it), and a script never approves
// ('registry:approve' is for signed-in people). A rollback must still go where it went when
// requested, and the version must still exist; otherwise the admin rejects it.
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { badInput } from '../errors.ts';
import { closeRequest, lockRequestToDecide } from './decide-transition-request.ts';
import { lockModel, moveStage, removeAlias, rollbackVersion, setAlias, type MoveContext } from './moves.ts';
import { MAX_COMMENT_LENGTH, optionalText, stageName } from './registry-input.ts';
import { loadTransitionRequestView, type TransitionRequestView } from './transition-request-view.ts';

export async function approveTransitionRequest(
  principal: Principal,
  input: { requestId: string; comment?: string | null; clientAddress?: string | null },
): Promise<TransitionRequestView> {
  const decisionComment = optionalText(input.comment, 'comment', MAX_COMMENT_LENGTH);
  await db.$transaction(async (tx) => {
    const locked = await lockRequestToDecide(tx, principal, input.requestId);
    await lockModel(tx, locked.model_id);
    const request = await tx.modelTransitionRequest.findUniqueOrThrow({
      where: { id: locked.id },
      include: { model: { select: { name: true } }, version: { select: { id: true, version: true, stage: true, deletedAt: true } } },
    });
    const { version } = request;
    if (version.deletedAt) throw badInput(`Version ${version.version} was deleted: reject this request`);
    if (request.rollback) {
      const target = request.toStage ? { stage: request.toStage } : { alias: request.alias! };
      const now = await rollbackVersion(tx, request.modelId, target);
      if (now.id !== version.id) throw badInput(`The history changed since this rollback was requested: it would now go to version ${now.version}. Reject it and request again`);
    }
    const ctx: MoveContext = {
      principal,
      teamId: request.teamId,
      modelId: request.modelId,
      modelName: request.model.name,
      ip: input.clientAddress,
      comment: request.comment,
      requestId: request.id,
      rollback: request.rollback,
    };
    if (request.kind === 'STAGE') {
      await moveStage(tx, ctx, { version, toStage: request.toStage!, archiveExisting: request.archiveExistingVersions });
    } else if (request.kind === 'ALIAS_SET') {
      await setAlias(tx, ctx, { alias: request.alias!, version });
    } else {
      await removeAlias(tx, ctx, { alias: request.alias! });
    }
    await closeRequest(tx, principal, locked, {
      status: 'APPROVED',
      comment: decisionComment,
      ip: input.clientAddress,
      metadata: {
        model: request.model.name,
        version: version.version,
        kind: request.kind,
        to: request.toStage ? stageName(request.toStage) : undefined,
        alias: request.alias ?? undefined,
        rollback: request.rollback || undefined,
      },
    });
  });
  return loadTransitionRequestView(input.requestId);
}
