// The one place stages and aliases change. Every use case that moves something (transition,
// alias set/delete, rollback, an approved request, a version deletion) calls these inside its
// transaction, after lockModel: each move writes the new state, an append-only history row
// (who, when, from what, to what, why, which request) and an audit event, together.
//
// Protection: a team may protect stages and aliases (registry_protections). Moving a protected
// one into or out of place needs 'registry:stage' (admins); others get FORBIDDEN and may file a
// request instead (request-model-transition.ts).
import { actorUserId, decide, type Principal } from '../authz/index.ts';
import type { ModelStage, TransitionKind } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { badInput, forbidden } from '../errors.ts';
import { ACTIVE_STAGES, stageName } from './registry-input.ts';

export type Tx = Prisma.TransactionClient;

export type MoveContext = {
  principal: Principal;
  teamId: string;
  modelId: string;
  modelName: string;
  /** Client address for the audit trail. */
  ip?: string | null;
  comment?: string | null;
  /** The approved request this move carries out. */
  requestId?: string | null;
  rollback?: boolean;
};

type VersionRef = { id: string; version: number };

/** Serialises every change of one model's versions, stages and aliases (and their history). */
export async function lockModel(tx: Tx, modelId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM registered_models WHERE id = ${modelId} FOR UPDATE`;
}

export type Touched = { stages?: readonly ModelStage[]; aliases?: readonly string[] };

/** The team's protected stages and aliases among `touched`, as people name them ("Production", "@champion"). */
export async function protectedAmong(tx: Pick<Tx, 'registryProtection'>, teamId: string, touched: Touched): Promise<string[]> {
  const stages = [...new Set(touched.stages ?? [])].filter((s) => s !== 'NONE');
  const aliases = [...new Set(touched.aliases ?? [])];
  if (stages.length === 0 && aliases.length === 0) return [];
  const rows = await tx.registryProtection.findMany({
    where: {
      teamId,
      OR: [
        ...(stages.length ? [{ kind: 'STAGE' as const, name: { in: stages as string[] } }] : []),
        ...(aliases.length ? [{ kind: 'ALIAS' as const, name: { in: aliases } }] : []),
      ],
    },
    select: { kind: true, name: true },
  });
  return rows.map((r) => (r.kind === 'STAGE' ? stageName(r.name as ModelStage) : `@${r.name}`)).sort();
}

/** Whether the principal may move protected stages and aliases of the team. */
export const mayMoveProtected = (principal: Principal, teamId: string) => decide(principal, 'registry:stage', teamId) === 'allow';

/** FORBIDDEN unless nothing in `touched` is protected or the principal may move protected ones. */
export async function assertMayMove(tx: Tx, principal: Principal, teamId: string, touched: Touched): Promise<void> {
  if (mayMoveProtected(principal, teamId)) return;
  const names = await protectedAmong(tx, teamId, touched);
  if (names.length === 0) return;
  throw forbidden(
    `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} protected in this team: only admins move ${names.length === 1 ? 'it' : 'them'}. ` +
      'Request the move instead (Cairn: requestModelTransition, or "Request" on the model page) and an admin will approve or reject it.',
  );
}

async function audit(tx: Tx, ctx: MoveContext, action: string, version: VersionRef, metadata: Record<string, unknown>): Promise<void> {
  await recordAuditEvent(tx, {
    principal: ctx.principal,
    teamId: ctx.teamId,
    action,
    targetType: 'ModelVersion',
    targetId: version.id,
    ip: ctx.ip,
    metadata: { model: ctx.modelName, modelId: ctx.modelId, version: version.version, comment: ctx.comment ?? undefined, requestId: ctx.requestId ?? undefined, ...metadata },
  });
}

async function history(
  tx: Tx,
  ctx: MoveContext,
  row: { versionId: string; kind: TransitionKind; fromStage?: ModelStage | null; toStage?: ModelStage | null; alias?: string | null; previousVersionId?: string | null; automatic?: boolean; comment?: string | null },
): Promise<void> {
  await tx.modelVersionTransition.create({
    data: {
      modelId: ctx.modelId,
      versionId: row.versionId,
      kind: row.kind,
      fromStage: row.fromStage ?? null,
      toStage: row.toStage ?? null,
      alias: row.alias ?? null,
      previousVersionId: row.previousVersionId ?? null,
      rollback: !row.automatic && !!ctx.rollback,
      automatic: !!row.automatic,
      requestId: ctx.requestId ?? null,
      actorId: actorUserId(ctx.principal),
      comment: row.automatic ? (row.comment ?? null) : (ctx.comment ?? null),
    },
  });
}

async function touchModel(tx: Tx, modelId: string, now: Date): Promise<void> {
  await tx.registeredModel.update({ where: { id: modelId }, data: { updatedAt: now } });
}

/** archive_existing_versions applies to Staging and Production only (MLflow's rule). */
export function assertArchivable(toStage: ModelStage, archiveExisting: boolean): void {
  if (archiveExisting && !ACTIVE_STAGES.includes(toStage)) {
    throw badInput(
      `Model version transition cannot archive existing model versions because '${stageName(toStage)}' is not an Active stage. Valid stages are Staging, Production`,
    );
  }
}

/**
 * Move `version` to `toStage`. With archiveExisting (Staging and Production only, as MLflow),
 * the other versions in that stage go to Archived, each with an automatic history row. The
 * history row of the move names the latest version that held the stage before: what a
 * rollback returns to. A move to the stage the version is already in records nothing (unless
 * it is a rollback).
 */
export async function moveStage(
  tx: Tx,
  ctx: MoveContext,
  input: { version: VersionRef & { stage: ModelStage }; toStage: ModelStage; archiveExisting: boolean },
): Promise<{ archived: number[] }> {
  const { version, toStage, archiveExisting } = input;
  assertArchivable(toStage, archiveExisting);
  const holders = await tx.modelVersion.findMany({
    where: { modelId: ctx.modelId, stage: toStage, deletedAt: null, id: { not: version.id } },
    select: { id: true, version: true },
    orderBy: { version: 'desc' },
  });
  const now = new Date();
  const archived: number[] = [];
  if (archiveExisting) {
    for (const other of holders) {
      await tx.modelVersion.update({ where: { id: other.id }, data: { stage: 'ARCHIVED', updatedAt: now } });
      await history(tx, ctx, {
        versionId: other.id,
        kind: 'STAGE',
        fromStage: toStage,
        toStage: 'ARCHIVED',
        automatic: true,
        comment: `Archived: version ${version.version} moved to ${stageName(toStage)}`,
      });
      archived.push(other.version);
    }
  }
  // A rollback is recorded even onto a version already in the stage (it archived the others):
  // the history must show it, and the next rollback must go further back.
  const moves = version.stage !== toStage || !!ctx.rollback;
  if (moves) {
    await tx.modelVersion.update({ where: { id: version.id }, data: { stage: toStage, updatedAt: now } });
    await history(tx, ctx, {
      versionId: version.id,
      kind: 'STAGE',
      fromStage: version.stage,
      toStage,
      previousVersionId: ACTIVE_STAGES.includes(toStage) ? (holders[0]?.id ?? null) : null,
    });
  }
  if (moves || archived.length) {
    await touchModel(tx, ctx.modelId, now);
    await audit(tx, ctx, ctx.rollback ? 'registry.stage.rollback' : 'registry.stage.move', version, {
      from: stageName(version.stage),
      to: stageName(toStage),
      archived: archived.length ? archived : undefined,
    });
  }
  return { archived };
}

/** Point `alias` at `version` (a new alias, or a move from the version it named). Re-pointing it at the same version records nothing. */
export async function setAlias(tx: Tx, ctx: MoveContext, input: { alias: string; version: VersionRef }): Promise<void> {
  const { alias, version } = input;
  const existing = await tx.modelAlias.findUnique({ where: { modelId_alias: { modelId: ctx.modelId, alias } }, include: { version: { select: { version: true } } } });
  if (existing?.versionId === version.id && !ctx.rollback) return;
  const now = new Date();
  await tx.modelAlias.upsert({
    where: { modelId_alias: { modelId: ctx.modelId, alias } },
    create: { modelId: ctx.modelId, alias, versionId: version.id },
    update: { versionId: version.id, updatedAt: now },
  });
  await history(tx, ctx, { versionId: version.id, kind: 'ALIAS_SET', alias, previousVersionId: existing?.versionId ?? null });
  await touchModel(tx, ctx.modelId, now);
  await audit(tx, ctx, ctx.rollback ? 'registry.alias.rollback' : 'registry.alias.set', version, {
    alias,
    previousVersion: existing?.version.version,
  });
}

/** Remove `alias` (nothing happens, as in MLflow, when the model has no such alias). */
export async function removeAlias(tx: Tx, ctx: MoveContext, input: { alias: string; automatic?: string }): Promise<boolean> {
  const existing = await tx.modelAlias.findUnique({ where: { modelId_alias: { modelId: ctx.modelId, alias: input.alias } }, include: { version: { select: { version: true } } } });
  if (!existing) return false;
  await tx.modelAlias.delete({ where: { modelId_alias: { modelId: ctx.modelId, alias: input.alias } } });
  await history(tx, ctx, { versionId: existing.versionId, kind: 'ALIAS_DELETED', alias: input.alias, automatic: !!input.automatic, comment: input.automatic });
  await touchModel(tx, ctx.modelId, new Date());
  await audit(tx, ctx, 'registry.alias.delete', { id: existing.versionId, version: existing.version.version }, { alias: input.alias, automatic: input.automatic });
  return true;
}

export type RollbackTarget = { stage: ModelStage; alias?: undefined } | { alias: string; stage?: undefined };

type HistoryEvent = { kind: TransitionKind; versionId: string; previousVersionId: string | null; rollback: boolean };

/**
 * The version (id) a rollback returns to, from the events of one stage or alias oldest first:
 * moves push the state they replaced, rollbacks pop one, so repeated rollbacks walk further
 * back (an undo stack). Null when there is nothing to go back to.
 */
export function rollbackTargetId(events: readonly HistoryEvent[]): string | null {
  const stack: (string | null)[] = [];
  for (const event of events) {
    if (event.rollback) stack.pop();
    else stack.push(event.kind === 'ALIAS_DELETED' ? event.versionId : event.previousVersionId);
  }
  return stack.at(-1) ?? null;
}

/** Which history rows concern a rollback of `target` (moves into the stage; the alias's sets and deletions). */
export function rollbackEventsWhere(modelId: string, target: RollbackTarget): Prisma.ModelVersionTransitionWhereInput {
  return target.stage !== undefined
    ? { modelId, kind: 'STAGE', toStage: target.stage, automatic: false }
    : { modelId, alias: target.alias, kind: { in: ['ALIAS_SET', 'ALIAS_DELETED'] } };
}

/**
 * The version a rollback of `target` returns to (see rollbackTargetId). BAD_USER_INPUT when
 * there is nothing to go back to or that version was deleted since.
 */
export async function rollbackVersion(tx: Tx, modelId: string, target: RollbackTarget): Promise<VersionRef> {
  const what = target.stage !== undefined ? stageName(target.stage) : `@${target.alias}`;
  if (target.stage !== undefined && !ACTIVE_STAGES.includes(target.stage)) {
    throw badInput(`Only Staging, Production and aliases roll back, not ${what}`);
  }
  const events = await tx.modelVersionTransition.findMany({
    where: rollbackEventsWhere(modelId, target),
    select: { kind: true, versionId: true, previousVersionId: true, rollback: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const previous = rollbackTargetId(events);
  if (!previous) throw badInput(`Nothing to roll back to: ${what} held no other version before`);
  const version = await tx.modelVersion.findUnique({ where: { id: previous }, select: { id: true, version: true, deletedAt: true } });
  if (!version || version.deletedAt) throw badInput(`Cannot roll back ${what}: the version it held before was deleted`);
  return { id: version.id, version: version.version };
}

/** FORBIDDEN unless the principal may change (delete, rename) what holds protected stages or aliases. */
export async function assertMayChangeHolder(tx: Tx, principal: Principal, teamId: string, where: { versionId: string } | { modelId: string }): Promise<Required<Touched>> {
  const held = await heldBy(tx, where);
  await assertMayMove(tx, principal, teamId, held);
  return held;
}

/** Stages and aliases a version (or all of a model's versions) hold: what deleting or renaming touches. */
export async function heldBy(tx: Tx, where: { versionId: string } | { modelId: string }): Promise<Required<Touched>> {
  const versions = await tx.modelVersion.findMany({
    where: { ...('versionId' in where ? { id: where.versionId } : { modelId: where.modelId }), deletedAt: null },
    select: { stage: true, aliases: { select: { alias: true } } },
  });
  return { stages: versions.map((v) => v.stage), aliases: versions.flatMap((v) => v.aliases.map((a) => a.alias)) };
}
