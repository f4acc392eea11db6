// MLflow CreateModelVersion: the next version number of a model (numbers are never reused,
// deleted versions included), from a source confined to the team's runs and logged models
// (resolve-version-source.ts). MLflow 3: a version of a logged model is also listed in the
// logged model's mlflow.modelVersions tag, as MLflow's server does.
import { actorUserId, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { badInput } from '../errors.ts';
import { loadModelFor, type ModelRef } from './load-registry-rows.ts';
import { lockModel, type Tx } from './moves.ts';
import { checkRegistryTags, MAX_DESCRIPTION_LENGTH, optionalText } from './registry-input.ts';
import { loadVersionView, type ModelVersionView } from './registry-view.ts';
import { resolveVersionSource } from './resolve-version-source.ts';

export type CreateModelVersionInput = {
  source: string;
  runId?: string | null;
  /** MLflow 3: the logged model the source names. */
  loggedModelId?: string | null;
  runLink?: string | null;
  description?: string | null;
  tags?: { key: string; value?: string | null }[] | null;
  clientAddress?: string | null;
};

const MODEL_VERSIONS_TAG = 'mlflow.modelVersions';

/** Add {name, version} to the logged model's mlflow.modelVersions tag (a JSON list), as MLflow's server does. */
async function tagLoggedModel(tx: Tx, loggedModelId: string, entry: { name: string; version: string }): Promise<void> {
  const [row] = await tx.$queryRaw<{ metadata: { tags?: { key: string; value: string }[] } }[]>`
    SELECT metadata FROM logged_models WHERE id = ${loggedModelId} FOR UPDATE`;
  if (!row) return;
  const tags = row.metadata.tags ?? [];
  let list: unknown[] = [];
  try {
    const parsed = JSON.parse(tags.find((t) => t.key === MODEL_VERSIONS_TAG)?.value ?? '[]');
    if (Array.isArray(parsed)) list = parsed;
  } catch {
    // A hand-set value that is not a JSON list is replaced.
  }
  // As MLflow's server: an entry already listed is not added twice.
  if (list.some((e) => (e as { name?: unknown }).name === entry.name && (e as { version?: unknown }).version === entry.version)) return;
  list.push(entry);
  const next = [...tags.filter((t) => t.key !== MODEL_VERSIONS_TAG), { key: MODEL_VERSIONS_TAG, value: JSON.stringify(list) }];
  await tx.loggedModel.update({
    where: { id: loggedModelId },
    data: { metadata: { ...row.metadata, tags: next, updatedMs: Date.now() } as Prisma.InputJsonObject },
  });
}

export async function createModelVersion(principal: Principal, ref: ModelRef, input: CreateModelVersionInput): Promise<ModelVersionView> {
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION_LENGTH);
  const tags = checkRegistryTags(input.tags);
  if (input.runLink && input.runLink.length > 2048) throw badInput("'run_link' exceeds the maximum length of 2048 characters");
  const model = await loadModelFor(principal, ref, 'registry:write');
  const resolved = await resolveVersionSource({
    teamId: model.teamId,
    source: input.source,
    runId: input.runId || null,
    loggedModelId: input.loggedModelId || null,
  });
  const versionId = await db.$transaction(async (tx) => {
    await lockModel(tx, model.id);
    const { _max } = await tx.modelVersion.aggregate({ where: { modelId: model.id }, _max: { version: true } });
    const number = (_max.version ?? 0) + 1;
    const created = await tx.modelVersion.create({
      data: {
        modelId: model.id,
        version: number,
        source: resolved.source,
        storageLocation: resolved.storageLocation,
        runId: resolved.runId,
        loggedModelId: resolved.loggedModelId,
        runLink: input.runLink || null,
        description,
        createdById: actorUserId(principal),
        tags: { create: tags },
      },
    });
    await tx.registeredModel.update({ where: { id: model.id }, data: { updatedAt: created.createdAt } });
    if (resolved.loggedModelId) await tagLoggedModel(tx, resolved.loggedModelId, { name: model.name, version: String(number) });
    await recordAuditEvent(tx, {
      principal,
      teamId: model.teamId,
      action: 'registry.version.create',
      targetType: 'ModelVersion',
      targetId: created.id,
      ip: input.clientAddress,
      metadata: { model: model.name, modelId: model.id, version: number, source: resolved.source, runId: resolved.runId },
    });
    return created.id;
  });
  return loadVersionView(versionId);
}
