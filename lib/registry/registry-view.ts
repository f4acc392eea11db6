// What the registry use cases return, loaded for many rows with a constant number of
// set-based queries (one for versions, three for models, whatever the count): registered models (tags, aliases, latest version per stage) and model versions
// (tags, aliases, model name). Deleted versions never appear. No authorization here:
// callers authorize the rows first (lib/registry/load-registry-rows.ts).
import type { ModelStage, ModelVersionStatus } from '../db/client.ts';
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

/** Ids per query: a search page may hold up to 200,000 versions. */
const CHUNK = 5_000;

type VersionRow = {
  id: string;
  model_id: string;
  model_name: string;
  team_id: string;
  version: number;
  stage: ModelStage;
  status: ModelVersionStatus;
  status_message: string | null;
  description: string | null;
  source: string;
  storage_location: string;
  run_id: string | null;
  run_link: string | null;
  logged_model_id: string | null;
  created_by_id: string | null;
  created_by_email: string | null;
  created_at: Date;
  updated_at: Date;
  tags: KeyValue[];
  aliases: string[];
};

// One statement per chunk: versions with their model, creator, tags and aliases (timestamps
// read as UTC, as Prisma writes them).
const VERSIONS_SQL = `
  SELECT v.id, v.model_id, m.name AS model_name, m.team_id, v.version, v.stage, v.status, v.status_message,
         v.description, v.source, v.storage_location, v.run_id, v.run_link, v.logged_model_id, v.created_by_id,
         u.email AS created_by_email,
         v.created_at AT TIME ZONE 'UTC' AS created_at, v.updated_at AT TIME ZONE 'UTC' AS updated_at,
         COALESCE((SELECT json_agg(json_build_object('key', t.key, 'value', t.value) ORDER BY t.key)
                     FROM model_version_tags t WHERE t.version_id = v.id), '[]'::json) AS tags,
         COALESCE((SELECT array_agg(a.alias ORDER BY a.alias) FROM model_aliases a WHERE a.version_id = v.id), '{}') AS aliases
    FROM model_versions v
    JOIN registered_models m ON m.id = v.model_id
    LEFT JOIN users u ON u.id = v.created_by_id
   WHERE v.id = ANY($1::text[]) AND v.deleted_at IS NULL`;

/** Live versions by id, in the order of `ids` (missing and deleted ones skipped); one query per 5,000. */
export async function loadVersionViews(ids: readonly string[]): Promise<ModelVersionView[]> {
  const rows: VersionRow[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) rows.push(...(await query<VersionRow>(VERSIONS_SQL, [ids.slice(i, i + CHUNK)])));
  const byId = new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        modelId: row.model_id,
        modelName: row.model_name,
        teamId: row.team_id,
        version: row.version,
        stage: row.stage,
        status: row.status,
        statusMessage: row.status_message,
        description: row.description,
        source: row.source,
        storageLocation: row.storage_location,
        runId: row.run_id,
        runLink: row.run_link,
        loggedModelId: row.logged_model_id,
        createdById: row.created_by_id,
        createdByEmail: row.created_by_email,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        tags: row.tags,
        aliases: row.aliases,
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

type ModelRow = {
  id: string;
  team_id: string;
  name: string;
  description: string | null;
  created_by_id: string | null;
  created_at: Date;
  updated_at: Date;
  tags: KeyValue[];
  aliases: { alias: string; version: number; versionId: string; updatedAt: string }[];
};

const MODELS_SQL = `
  SELECT m.id, m.team_id, m.name, m.description, m.created_by_id,
         m.created_at AT TIME ZONE 'UTC' AS created_at, m.updated_at AT TIME ZONE 'UTC' AS updated_at,
         COALESCE((SELECT json_agg(json_build_object('key', t.key, 'value', t.value) ORDER BY t.key)
                     FROM registered_model_tags t WHERE t.model_id = m.id), '[]'::json) AS tags,
         COALESCE((SELECT json_agg(json_build_object('alias', a.alias, 'version', v.version, 'versionId', a.version_id,
                                                     'updatedAt', to_char(a.updated_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY a.alias)
                     FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = m.id), '[]'::json) AS aliases
    FROM registered_models m
   WHERE m.id = ANY($1::text[])`;

/** Registered models by id, in the order of `ids` (missing ones skipped); 3 queries whatever the count. */
export async function loadModelViews(ids: readonly string[]): Promise<RegisteredModelView[]> {
  if (ids.length === 0) return [];
  const [rows, latest] = await Promise.all([query<ModelRow>(MODELS_SQL, [[...ids]]), latestVersionIds(ids)]);
  const versions = new Map((await loadVersionViews([...latest.values()].flat())).map((v) => [v.id, v]));
  const byId = new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        teamId: row.team_id,
        name: row.name,
        description: row.description,
        createdById: row.created_by_id,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        tags: row.tags,
        aliases: row.aliases.map((a) => ({ ...a, updatedAt: new Date(a.updatedAt) })),
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
