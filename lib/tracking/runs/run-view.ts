// What the run use cases return: a run's info plus (optionally) its data (params, tags,
// latest metrics, dataset inputs, logged models), loaded for many runs with one statement.
import type { LifecycleStage, RunStatus } from '../../db/client.ts';
import { queryPrepared } from '../../db/sql.ts';
import { runInputTags, type RunInputView } from '../datasets/list-run-inputs.ts';
import { systemFieldsFromTags, type RunSystemFields } from '../system-tags.ts';

export type KeyValue = { key: string; value: string };
export type MetricView = { key: string; value: number; timestamp: bigint; step: bigint };

export type RunInfoView = {
  id: string;
  projectId: bigint;
  /** The project is its team's Default (MLflow experiment "0"). */
  projectIsDefault: boolean;
  teamId: string;
  name: string;
  status: RunStatus;
  startTime: bigint;
  endTime: bigint | null;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
  authorId: string | null;
  authorEmail: string | null;
  parentRunId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type RunView = RunInfoView & {
  params: KeyValue[];
  tags: KeyValue[];
  metrics: MetricView[];
  inputs: RunInputView[];
  /** MLflow 3 logged models the run produced, with the step each was produced at (run.outputs). */
  modelOutputs: { modelId: string; step: number }[];
  /** MLflow 3 logged models the run used (run.inputs.model_inputs), kept as lineage edges. */
  modelInputs: string[];
  system: RunSystemFields;
  /** MLflow's user_id: the client's `mlflow.user`, else the Cairn author's email. */
  userId: string;
};

type RunInfoRow = {
  id: string;
  project_id: string;
  team_id: string;
  name: string;
  status: RunStatus;
  start_time: string;
  end_time: string | null;
  artifact_uri: string;
  lifecycle_stage: LifecycleStage;
  author_id: string | null;
  parent_run_id: string | null;
  created_ms: number;
  updated_ms: number;
  project_is_default: boolean;
  author_email: string | null;
};

type RunViewRow = RunInfoRow & {
  params: [string, string][];
  tags: [string, string][];
  /** [key, value as text (NaN, ±Infinity survive), timestamp, step] */
  metrics: [string, string, string, string][];
  /** [dataset id, name, digest, source type, source, schema, profile, input tags, context] */
  inputs: [string, string, string, string, string, string | null, string | null, unknown, string | null][];
  /** [logged model id, its output step] */
  models: [string, number | null][];
  /** Logged model ids the run took as inputs (MLflow 3's model inputs, recorded as lineage edges) */
  model_inputs: string[];
};

// A run's own columns (its info), and where they come from: the run, its project, its author.
const INFO_COLUMNS = `r.id, r.project_id::text AS project_id, r.team_id, r.name, r.status, r.start_time::text AS start_time,
       r.end_time::text AS end_time, r.artifact_uri, r.lifecycle_stage, r.author_id, r.parent_run_id,
       (extract(epoch FROM r.created_at) * 1000)::float8 AS created_ms,
       (extract(epoch FROM r.updated_at) * 1000)::float8 AS updated_ms,
       p.is_default AS project_is_default, u.email AS author_email`;

/** A run r with its project p and its author u. */
export const RUN_WITH_SURROUNDINGS = 'runs r JOIN projects p ON p.id = r.project_id LEFT JOIN users u ON u.id = r.author_id';

/** The runs whose ids are `$1` (an array). */
const RUN_IDS_CONDITION = 'r.id = ANY($1::bpchar[])';

const RUNS_FROM = `
  FROM ${RUN_WITH_SURROUNDINGS}
 WHERE ${RUN_IDS_CONDITION}`;

const RUN_INFOS = `SELECT ${INFO_COLUMNS}${RUNS_FROM}`;

/** Run infos in the order of `runIds` (missing ids are skipped), one statement. No authorization: callers filter. */
export async function loadRunInfos(runIds: readonly string[]): Promise<RunInfoView[]> {
  if (runIds.length === 0) return [];
  const rows = await queryPrepared<RunInfoRow>(RUN_INFOS, [[...new Set(runIds)]]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return runIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toRunInfo(row)] : [];
  });
}

// Where each part of a run's data comes from (FROM and WHERE over runs r) and its order: the
// one rule for what a run holds, read by the run views below and by the MLflow wire JSON
// that runs/search builds in SQL (lib/http/mlflow/wire-run-sql.ts). Each is an index range
// scan on run_id (lineage edges by team first, as lineage_edges' indexes start with it).
export const RUN_PARTS = {
  params: { from: 'params x WHERE x.run_id = r.id', order: 'x.key' },
  tags: { from: 'run_tags x WHERE x.run_id = r.id', order: 'x.key' },
  metrics: { from: 'latest_metrics x WHERE x.run_id = r.id', order: 'x.key' },
  inputs: { from: 'run_inputs ri JOIN datasets d ON d.id = ri.dataset_id WHERE ri.run_id = r.id', order: 'ri.created_at, ri.id' },
  models: {
    from: `logged_models m WHERE m.run_id = r.id AND m.metadata -> 'kind' = '"logged-model"'::jsonb AND m.deleted_at IS NULL`,
    order: 'm.created_at',
  },
  // MLflow 3's model inputs are lineage edges.
  modelInputs: {
    from: `lineage_edges e WHERE e.team_id = r.team_id AND e.to_node = 'run:' || rtrim(r.id) AND e.kind = 'MODEL_INPUT' AND e.origin = 'MLFLOW'
           AND starts_with(e.from_node, 'logged_model:')`,
    order: 'e.created_at, e.id',
  },
} as const;

/** A run part's rows as a JSON array of `element` (over the part's aliases) in the part's order; NULL when it has none. */
const runPartJson = (part: keyof typeof RUN_PARTS, element: string) =>
  `(SELECT json_agg(${element} ORDER BY ${RUN_PARTS[part].order}) FROM ${RUN_PARTS[part].from})`;

/** A logged model id from its lineage node (`logged_model:<id>`), over RUN_PARTS.modelInputs. */
export const MODEL_INPUT_ID_SQL = "substr(e.from_node, length('logged_model:') + 1)";

// One statement for any number of runs: each run's row carries its params, tags, latest
// metrics, dataset inputs and logged models as JSON arrays built by correlated subqueries,
// instead of a query per kind of data. `extraColumns` (over runs r, projects p, users u) add
// more of the run's surroundings to the same statement (the run page:
// lib/tracking/runs/get-run-page.ts).
const runViewsSql = (extraColumns = '') => `
SELECT ${INFO_COLUMNS},
       COALESCE(${runPartJson('params', 'json_build_array(x.key, x.value)')}, '[]') AS params,
       COALESCE(${runPartJson('tags', 'json_build_array(x.key, x.value)')}, '[]') AS tags,
       COALESCE(${runPartJson('metrics', 'json_build_array(x.key, x.value::text, x.timestamp::text, x.step::text)')}, '[]') AS metrics,
       COALESCE(${runPartJson('inputs', 'json_build_array(d.id, d.name, d.digest, d.source_type, d.source, d.schema, d.profile, ri.tags, ri.context)')}, '[]') AS inputs,
       COALESCE(${runPartJson('models', "json_build_array(m.id, m.metadata -> 'outputStep')")}, '[]') AS models,
       COALESCE(${runPartJson('modelInputs', MODEL_INPUT_ID_SQL)}, '[]') AS model_inputs${extraColumns}${RUNS_FROM}`;

function toRunInfo(row: RunInfoRow): RunInfoView {
  return {
    id: row.id,
    projectId: BigInt(row.project_id),
    projectIsDefault: row.project_is_default,
    teamId: row.team_id,
    name: row.name,
    status: row.status,
    startTime: BigInt(row.start_time),
    endTime: row.end_time === null ? null : BigInt(row.end_time),
    artifactUri: row.artifact_uri,
    lifecycleStage: row.lifecycle_stage,
    authorId: row.author_id,
    authorEmail: row.author_email,
    parentRunId: row.parent_run_id,
    createdAt: new Date(row.created_ms),
    updatedAt: new Date(row.updated_ms),
  };
}

function toRunView(row: RunViewRow): RunView {
  const tags = row.tags.map(([key, value]) => ({ key, value }));
  const system = systemFieldsFromTags(tags);
  return {
    ...toRunInfo(row),
    params: row.params.map(([key, value]) => ({ key, value })),
    tags,
    metrics: row.metrics.map(([key, value, timestamp, step]) => ({ key, value: Number(value), timestamp: BigInt(timestamp), step: BigInt(step) })),
    inputs: row.inputs.map(([id, name, digest, sourceType, source, schema, profile, inputTags, context]) => ({
      dataset: { id, name, digest, sourceType, source, schema, profile },
      tags: runInputTags(inputTags),
      context,
    })),
    modelOutputs: row.models.map(([modelId, step]) => ({ modelId, step: Number(step ?? 0) })),
    modelInputs: row.model_inputs,
    system,
    userId: system.user ?? row.author_email ?? '',
  };
}

const RUN_VIEWS = runViewsSql();

/** Full run views (info + data) in the order of `runIds` (missing ids are skipped); one statement whatever the count. */
export async function loadRunViews(runIds: readonly string[]): Promise<RunView[]> {
  return (await loadRunViewsWith<object>(runIds, '', [])).map(({ view }) => view);
}

/**
 * Run views with extra columns of the same statement (SQL over runs r, projects p, users u;
 * their parameters are `extraValues`, numbered from $2), each with its row for the caller
 * to read those columns from.
 */
export async function loadRunViewsWith<Extra extends object>(
  runIds: readonly string[],
  extraColumns: string,
  extraValues: unknown[],
): Promise<{ view: RunView; row: Extra }[]> {
  if (runIds.length === 0) return [];
  const text = extraColumns ? runViewsSql(extraColumns) : RUN_VIEWS;
  const rows = await queryPrepared<RunViewRow & Extra>(text, [[...new Set(runIds)], ...extraValues]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return runIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ view: toRunView(row), row }] : [];
  });
}
