// A member's request to move a stage or alias (typically a protected one, which only admins
// move): a stage transition, an alias set or deletion, or a rollback (its target resolved now
// and shown to the approver). Databricks calls these transition requests; open-source MLflow
// has none. An admin approves (the move happens) or rejects it (approve-/reject-transition-request.ts).
import { actorUserId, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db, type ModelStage, type TransitionKind } from '../db/client.ts';
import { alreadyExists, badInput } from '../errors.ts';
import { loadModelFor, loadVersionFor } from './load-registry-rows.ts';
import { assertArchivable, lockModel, rollbackVersion } from './moves.ts';
import { checkAlias, MAX_COMMENT_LENGTH, optionalText, parseStage, stageName } from './registry-input.ts';
import { rollbackTargetOf } from './rollback-model.ts';
import { loadTransitionRequestView, type TransitionRequestView } from './transition-request-view.ts';

export type RequestedMove = 'STAGE' | 'ALIAS_SET' | 'ALIAS_DELETED' | 'ROLLBACK';

export type RequestModelTransitionInput = {
  modelId: string;
  move: RequestedMove;
  /** STAGE and ALIAS_SET: the version (of modelId) to move. */
  versionId?: string | null;
  stage?: string | null;
  alias?: string | null;
  archiveExistingVersions?: boolean | null;
  comment?: string | null;
  clientAddress?: string | null;
};

type Planned = { versionId: string; version: number; kind: TransitionKind; toStage: ModelStage | null; alias: string | null; archive: boolean; rollback: boolean };

export async function requestModelTransition(principal: Principal, input: RequestModelTransitionInput): Promise<TransitionRequestView> {
  const comment = optionalText(input.comment, 'comment', MAX_COMMENT_LENGTH);
  const model = await loadModelFor(principal, { modelId: input.modelId }, 'registry:write');
  const version = input.move === 'STAGE' || input.move === 'ALIAS_SET' ? await loadVersionFor(principal, { versionId: input.versionId ?? '' }, 'registry:write') : null;
  if (version && version.modelId !== model.id) throw badInput(`Version '${input.versionId}' is not a version of ${model.name}`);

  const id = await db.$transaction(async (tx) => {
    await lockModel(tx, model.id);
    let planned: Planned;
    if (input.move === 'STAGE') {
      const toStage = parseStage(input.stage);
      const archive = !!input.archiveExistingVersions;
      assertArchivable(toStage, archive);
      const current = await tx.modelVersion.findUniqueOrThrow({ where: { id: version!.id }, select: { stage: true } });
      if (current.stage === toStage) throw badInput(`Version ${version!.version} is already in ${stageName(toStage)}`);
      planned = { versionId: version!.id, version: version!.version, kind: 'STAGE', toStage, alias: null, archive, rollback: false };
    } else if (input.move === 'ALIAS_SET') {
      const alias = checkAlias(input.alias, { forSetting: true });
      const existing = await tx.modelAlias.findUnique({ where: { modelId_alias: { modelId: model.id, alias } } });
      if (existing?.versionId === version!.id) throw badInput(`@${alias} already names version ${version!.version}`);
      planned = { versionId: version!.id, version: version!.version, kind: 'ALIAS_SET', toStage: null, alias, archive: false, rollback: false };
    } else if (input.move === 'ALIAS_DELETED') {
      const alias = checkAlias(input.alias);
      const existing = await tx.modelAlias.findUnique({ where: { modelId_alias: { modelId: model.id, alias } }, include: { version: { select: { version: true } } } });
      if (!existing) throw badInput(`Registered model alias ${alias} not found.`);
      planned = { versionId: existing.versionId, version: existing.version.version, kind: 'ALIAS_DELETED', toStage: null, alias, archive: false, rollback: false };
    } else if (input.move === 'ROLLBACK') {
      const target = rollbackTargetOf(input);
      const previous = await rollbackVersion(tx, model.id, target);
      planned = target.stage
        ? { versionId: previous.id, version: previous.version, kind: 'STAGE', toStage: target.stage, alias: null, archive: true, rollback: true }
        : { versionId: previous.id, version: previous.version, kind: 'ALIAS_SET', toStage: null, alias: target.alias, archive: false, rollback: true };
    } else {
      throw badInput(`Unknown move '${String(input.move)}': use STAGE, ALIAS_SET, ALIAS_DELETED or ROLLBACK`);
    }

    const duplicate = await tx.modelTransitionRequest.findFirst({
      where: { modelId: model.id, status: 'PENDING', versionId: planned.versionId, kind: planned.kind, toStage: planned.toStage, alias: planned.alias, rollback: planned.rollback },
      select: { id: true },
    });
    if (duplicate) throw alreadyExists('The same request is already waiting for a decision');

    const request = await tx.modelTransitionRequest.create({
      data: {
        teamId: model.teamId,
        modelId: model.id,
        versionId: planned.versionId,
        kind: planned.kind,
        toStage: planned.toStage,
        alias: planned.alias,
        archiveExistingVersions: planned.archive,
        rollback: planned.rollback,
        comment,
        requestedById: actorUserId(principal),
      },
    });
    await recordAuditEvent(tx, {
      principal,
      teamId: model.teamId,
      action: 'registry.request.create',
      targetType: 'ModelTransitionRequest',
      targetId: request.id,
      ip: input.clientAddress,
      metadata: {
        model: model.name,
        version: planned.version,
        kind: planned.kind,
        to: planned.toStage ? stageName(planned.toStage) : undefined,
        alias: planned.alias ?? undefined,
        rollback: planned.rollback || undefined,
        comment: comment ?? undefined,
      },
    });
    return request.id;
  });
  return loadTransitionRequestView(id);
}
