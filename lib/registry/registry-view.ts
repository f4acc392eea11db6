// What the registry use cases return, loaded for many rows with a constant number of
// queries: registered models (tags, aliases, latest version per stage) and model versions
// (tags, aliases, model name). Deleted versions never appear. No authorization here:
// callers authorize the rows first (lib/registry/load-registry-rows.ts).
import { db, type ModelStage, type ModelVersionStatus } from '../db/client.ts';
import { query } from '../db/sql.ts';
import { notFound } from '../errors.ts';

export type KeyValue = { key: string; value: string };

export type ModelVersionView = {
  id: string;
  modelId: string;
  modelName: string;
  teamId: string;
  version: number;
  stage: ModelStage;
  status: ModelVersionStatus;
  statusMessage: string | null;
  description: string | null;
  source: string;
  storageLocation: string;
  runId: string | null;
  runLink: string | null;
  loggedModelId: string | null;
  createdById: string | null;
  createdByEmail: string | null;
  createdAt: Date;
  updatedAt: Date;
  tags: KeyValue[];
  /** Aliases naming this version, by name. */
  aliases: string[];
};

export type ModelAliasView = { alias: string; version: number; versionId: string; updatedAt: Date };

export type RegisteredModelView = {
  id: string;
  teamId: string;
  name: string;
  description: string | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  tags: KeyValue[];
  aliases: ModelAliasView[];
  /** The highest live version in each stage that has one (MLflow's latest_versions), by stage order. */
  latestVersions: ModelVersionView[];
};

const STAGE_ORDER: Record<ModelStage, number> = { NONE: 0, STAGING: 1, PRODUCTION: 2, ARCHIVED: 3 };

/** Ids per query: a search page may hold up to 200,000 versions, past PostgreSQL's bind limit. */
const CHUNK = 5_000;

/** Live versions by id, in the order of `ids` (missing and deleted ones skipped); 4 queries per 5,000. */
export async function loadVersionViews(ids: readonly string[]): Promise<ModelVersionView[]> {
  if (ids.length === 0) return [];
  if (ids.length > CHUNK) {
    const parts: ModelVersionView[][] = [];
    for (let i = 0; i < ids.length; i += CHUNK) parts.push(await loadVersionViews(ids.slice(i, i + CHUNK)));
    return parts.flat();
  }
  const rows = await db.modelVersion.findMany({
    where: { id: { in: [...ids] }, deletedAt: null },
    include: {
      model: { select: { name: true, teamId: true } },
      createdBy: { select: { email: true } },
      tags: { orderBy: { key: 'asc' } },
      aliases: { orderBy: { alias: 'asc' }, select: { alias: true } },
    },
  });
  const byId = new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        modelId: row.modelId,
        modelName: row.model.name,
        teamId: row.model.teamId,
        version: row.version,
        stage: row.stage,
        status: row.status,
        statusMessage: row.statusMessage,
        description: row.description,
        source: row.source,
        storageLocation: row.storageLocation,
        runId: row.runId,
        runLink: row.runLink,
        loggedModelId: row.loggedModelId,
        createdById: row.createdById,
        createdByEmail: row.createdBy?.email ?? null,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        tags: row.tags.map(({ key, value }) => ({ key, value })),
        aliases: row.aliases.map((a) => a.alias),
      } satisfies ModelVersionView,
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Ids of the highest live version per stage of each model: one set-based query. */
export async function latestVersionIds(modelIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = modelIds.length
    ? await query<{ model_id: string; id: string; stage: ModelStage }>(
        `SELECT DISTINCT ON (model_id, stage) model_id, id, stage
           FROM model_versions
          WHERE model_id = ANY($1::text[]) AND deleted_at IS NULL
          ORDER BY model_id, stage, version DESC`,
        [[...modelIds]],
      )
    : [];
  const byModel = new Map<string, { id: string; stage: ModelStage }[]>();
  for (const row of rows) byModel.set(row.model_id, [...(byModel.get(row.model_id) ?? []), row]);
  return new Map(
    [...byModel].map(([modelId, list]) => [modelId, list.sort((a, b) => STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage]).map((v) => v.id)]),
  );
}

/** Registered models by id, in the order of `ids` (missing ones skipped); 8 queries whatever the count. */
export async function loadModelViews(ids: readonly string[]): Promise<RegisteredModelView[]> {
  if (ids.length === 0) return [];
  const [rows, latest] = await Promise.all([
    db.registeredModel.findMany({
      where: { id: { in: [...ids] } },
      include: {
        tags: { orderBy: { key: 'asc' } },
        aliases: { orderBy: { alias: 'asc' }, include: { version: { select: { version: true } } } },
      },
    }),
    latestVersionIds(ids),
  ]);
  const versions = new Map((await loadVersionViews([...latest.values()].flat())).map((v) => [v.id, v]));
  const byId = new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        teamId: row.teamId,
        name: row.name,
        description: row.description,
        createdById: row.createdById,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        tags: row.tags.map(({ key, value }) => ({ key, value })),
        aliases: row.aliases.map((a) => ({ alias: a.alias, version: a.version.version, versionId: a.versionId, updatedAt: a.updatedAt })),
        latestVersions: (latest.get(row.id) ?? []).flatMap((id) => versions.get(id) ?? []),
      } satisfies RegisteredModelView,
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One model's view after the caller loaded (and authorized) its row; NOT_FOUND if it went meanwhile. */
export async function loadModelView(id: string): Promise<RegisteredModelView> {
  const [view] = await loadModelViews([id]);
  if (!view) throw notFound('Registered model', id);
  return view;
}

/** One version's view after the caller loaded (and authorized) its row; NOT_FOUND if it went meanwhile. */
export async function loadVersionView(id: string): Promise<ModelVersionView> {
  const [view] = await loadVersionViews([id]);
  if (!view) throw notFound('Model version', id);
  return view;
}
