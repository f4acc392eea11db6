// MLflow's Run message (and RunInfo) as PostgreSQL writes it: the one mapper of a run to
// MLflow's JSON, behind runs/search, runs/get, runs/create and runs/update. Node passes the
// text through instead of parsing run views and serializing them again (~4 ms of Node CPU
// per search of 100 runs, bench/search-request-cpu.bench.ts). As MLflow's server writes it:
// int64 as JSON numbers, non-finite doubles as "NaN"/"Infinity"/"-Infinity" (to_json of a
// float8), unset and empty fields left out. Built as text (string_agg, concat_ws) rather than
// with json_build_object/json_agg: as compact as JSON.stringify (those write " : " and ", "),
// and cheaper. tests/mlflow/search-wire.test.ts holds its output, to the key order, for every
// kind of run.
import { queryPrepared } from '../../db/sql.ts';
import { notFound } from '../../errors.ts';
import { runTopic } from '../../events/topics.ts';
import { singleFlight } from '../../runtime/single-flight.ts';
import { MODEL_INPUT_ID_SQL, RUN_PARTS, RUN_WITH_SURROUNDINGS } from '../../tracking/runs/run-view.ts';
import { SystemTag } from '../../tracking/system-tags.ts';
import { JsonText } from './wire.ts';

/**
 * A JSON object, as text, of `fields` (our constant keys, each with an SQL expression of type
 * json or text holding JSON) whose NULL values are left out: what JSON_OBJECT(... ABSENT ON
 * NULL) writes on PostgreSQL 16+, on any version, and without json_strip_nulls' re-parse of
 * the whole run (~0.8 ms per 100 runs). concat_ws skips NULLs, and '"key":' || NULL is NULL.
 */
function objectText(fields: Record<string, string>): string {
  const pairs = Object.entries(fields).map(([key, value]) => `'${JSON.stringify(key)}:' || (${value})::text`);
  return `('{' || concat_ws(',', ${pairs.join(', ')}) || '}')`;
}

const keyValue = objectText({ key: 'to_json(x.key)', value: 'to_json(x.value)' });

// An input's tags as runInputTags reads them: the array's {key, value} entries with a string key, in order.
const INPUT_TAGS = `(SELECT '[' || string_agg(${objectText({ key: "to_json(t.item ->> 'key')", value: "to_json(COALESCE(t.item ->> 'value', ''))" })}, ',' ORDER BY t.n) || ']'
    FROM jsonb_array_elements(CASE jsonb_typeof(ri.tags) WHEN 'array' THEN ri.tags ELSE '[]' END) WITH ORDINALITY AS t(item, n)
   WHERE jsonb_typeof(t.item -> 'key') = 'string')`;

const DATASET_INPUT = objectText({
  tags: INPUT_TAGS,
  dataset: objectText({
    name: 'to_json(d.name)',
    digest: 'to_json(d.digest)',
    source_type: 'to_json(d.source_type)',
    source: 'to_json(d.source)',
    schema: 'to_json(d.schema)',
    profile: 'to_json(d.profile)',
  }),
});

const MODEL_OUTPUT = objectText({
  model_id: 'to_json(m.id)',
  step: "CASE jsonb_typeof(m.metadata -> 'outputStep') WHEN 'number' THEN m.metadata -> 'outputStep' ELSE '0' END",
});

/** A run part's elements (JSON text) as a JSON array, as text; NULL when the part is empty. */
const partArrayText = (part: keyof typeof RUN_PARTS, element: string) =>
  `(SELECT '[' || string_agg(${element}, ',' ORDER BY ${RUN_PARTS[part].order}) || ']' FROM ${RUN_PARTS[part].from})`;

/** MLflow's RunInfo, as text, over runs r, projects p, users u and the run's tags (tags.mlflow_user). */
const WIRE_RUN_INFO_SQL = objectText({
  run_id: 'to_json(r.id::text)',
  run_uuid: 'to_json(r.id::text)',
  run_name: 'to_json(r.name)',
  // The team's Default experiment is "0" on the wire, as MLflow clients expect.
  experiment_id: "to_json(CASE WHEN p.is_default THEN '0' ELSE r.project_id::text END)",
  // RunView.userId: the client's non-empty mlflow.user tag, else the author's email.
  user_id: "to_json(COALESCE(NULLIF(tags.mlflow_user, ''), u.email, ''))",
  status: 'to_json(r.status)',
  start_time: 'r.start_time',
  end_time: 'r.end_time',
  artifact_uri: 'to_json(r.artifact_uri)',
  lifecycle_stage: 'to_json(lower(r.lifecycle_stage::text))',
});

/** MLflow's Run message, as text, over runs r, projects p, users u and the run's tags (tags.list, tags.mlflow_user). */
const WIRE_RUN_SQL = objectText({
  info: WIRE_RUN_INFO_SQL,
  data: objectText({
    // "+ 0": IEEE's -0 + 0 is 0 (JSON.stringify writes -0 as 0); NaN and the infinities stay.
    metrics: partArrayText('metrics', objectText({ key: 'to_json(x.key)', value: 'to_json(x.value + 0)', timestamp: 'x.timestamp', step: 'x.step' })),
    params: partArrayText('params', keyValue),
    tags: 'tags.list',
  }),
  inputs: objectText({
    dataset_inputs: partArrayText('inputs', DATASET_INPUT),
    model_inputs: partArrayText('modelInputs', objectText({ model_id: `to_json(${MODEL_INPUT_ID_SQL})` })),
  }),
  outputs: `(SELECT '{"model_outputs":[' || string_agg(${MODEL_OUTPUT}, ',' ORDER BY ${RUN_PARTS.models.order}) || ']}' FROM ${RUN_PARTS.models.from})`,
});

// The tags are read once for both the list and user_id. Planned once per connection (a
// generic plan): its plan cannot depend on the ids, and planning its correlated subqueries
// costs more than running them for a page of 100 runs. Not folded into the search statement
// for that reason: the search needs a custom plan (its generic plan was 7-45x slower at
// 100,000 runs), and planning this part with it on every search cost more PostgreSQL CPU
// (~1.5 ms) than the round trip it saves (bench/search-request-cpu.bench.ts).
const wireRunsStatement = (message: string) => `SELECT string_agg(${message}, ',' ORDER BY ids.n) AS runs
  FROM unnest($1::bpchar[]) WITH ORDINALITY AS ids(id, n)
  JOIN (${RUN_WITH_SURROUNDINGS}) ON r.id = ids.id
  LEFT JOIN LATERAL (
    SELECT '[' || string_agg(${keyValue}, ',' ORDER BY ${RUN_PARTS.tags.order}) || ']' AS list,
           max(x.value) FILTER (WHERE x.key = '${SystemTag.user}') AS mlflow_user
      FROM ${RUN_PARTS.tags.from}) tags ON true`;
const WIRE_RUNS = wireRunsStatement(WIRE_RUN_SQL);
const WIRE_RUN_INFOS = wireRunsStatement(WIRE_RUN_INFO_SQL);

/**
 * The MLflow JSON of the runs `runIds` (Run messages), in that order, missing ids skipped, joined
 * by commas (the inside of a JSON array; '' for none): one statement, one row. No
 * authorization: callers filter.
 */
export async function loadWireRuns(runIds: readonly string[]): Promise<string> {
  if (runIds.length === 0) return '';
  const [row] = await queryPrepared<{ runs: string | null }>(WIRE_RUNS, [runIds]);
  return row?.runs ?? '';
}

/** Concurrent reads of one run (several scripts or pages polling it) share one statement, unless the run was written since it began. */
const sharedWireRun = singleFlight<string>({ writtenAs: runTopic });

/**
 * `{"run": ...}`, the body of runs/get and runs/create, for a run the caller was authorized
 * to read. NOT_FOUND when the run is gone (purged since it was authorized).
 */
export async function wireRunBody(runId: string): Promise<JsonText> {
  const run = await sharedWireRun(runId, () => loadWireRuns([runId]));
  if (!run) throw notFound('Run', runId);
  return new JsonText(`{"run":${run}}`);
}

/** `{"run_info": ...}`, the body of runs/update, for a run the caller was authorized to write. */
export async function wireRunInfoBody(runId: string): Promise<JsonText> {
  const [row] = await queryPrepared<{ runs: string | null }>(WIRE_RUN_INFOS, [[runId]]);
  if (!row?.runs) throw notFound('Run', runId);
  return new JsonText(`{"run_info":${row.runs}}`);
}
