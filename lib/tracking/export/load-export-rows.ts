// Rows of a page of exported runs holding only what the chosen columns read: the runs' own
// fields, and the params, tags and latest metrics of the chosen keys (plus the system tags
// attribute columns show, and dataset inputs and comment counts when those columns are chosen).
// Three to six set-based queries per page, none of them per run. No authorization: the ids come from the
// authorized search.
import { countComments } from '../../comments/count-comments.ts';
import { query } from '../../db/sql.ts';
import type { RunRow } from '../runs-table/run-row.ts';
import { splitColumnId } from '../runs-table/view-shapes.ts';
import { systemFieldsFromTags, SystemTag } from '../system-tags.ts';

/** The mlflow.* tags attribute columns (user, code version, branch, source) are read from. */
const SYSTEM_TAGS = [SystemTag.user, SystemTag.gitCommit, SystemTag.gitBranch, SystemTag.sourceName, SystemTag.projectEntryPoint];

type RunRowSql = { id: string; name: string; status: string; start_time: string; end_time: string | null; parent_run_id: string | null; author_email: string | null };
type KeyValueSql = { run_id: string; key: string; value: string };
type MetricSql = { run_id: string; key: string; value: number; step: string };
type InputSql = { run_id: string; name: string; digest: string; context: string | null };

const byRun = <T extends { run_id: string }>(rows: T[]) => {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.run_id);
    if (list) list.push(row);
    else map.set(row.run_id, [row]);
  }
  return map;
};

/** `teamId` is the runs' team (the comments index leads with it). */
export async function loadExportRows(runIds: readonly string[], columns: readonly string[], teamId: string): Promise<RunRow[]> {
  const keys = { params: [] as string[], metrics: [] as string[], tags: [...SYSTEM_TAGS] as string[] };
  let datasets = false;
  let commentCounts = false;
  for (const id of columns) {
    const { kind, key } = splitColumnId(id);
    if (kind === 'attributes') {
      datasets ||= key === 'datasets';
      commentCounts ||= key === 'comment_count';
    } else keys[kind].push(key);
  }
  const ids = [...runIds];
  const [runs, params, tags, metrics, inputs, comments] = await Promise.all([
    query<RunRowSql>(
      `SELECT r.id::text AS id, r.name, r.status::text AS status, r.start_time, r.end_time, r.parent_run_id::text AS parent_run_id, u.email AS author_email
         FROM runs r LEFT JOIN users u ON u.id = r.author_id WHERE r.id = ANY($1::char(32)[])`,
      [ids],
    ),
    keys.params.length ? query<KeyValueSql>('SELECT run_id::text AS run_id, key, value FROM params WHERE run_id = ANY($1::char(32)[]) AND key = ANY($2)', [ids, keys.params]) : [],
    query<KeyValueSql>('SELECT run_id::text AS run_id, key, value FROM run_tags WHERE run_id = ANY($1::char(32)[]) AND key = ANY($2)', [ids, keys.tags]),
    keys.metrics.length
      ? query<MetricSql>('SELECT run_id::text AS run_id, key, value, step FROM latest_metrics WHERE run_id = ANY($1::char(32)[]) AND key = ANY($2)', [ids, keys.metrics])
      : [],
    datasets
      ? query<InputSql>(
          `SELECT ri.run_id::text AS run_id, d.name, d.digest, ri.context FROM run_inputs ri JOIN datasets d ON d.id = ri.dataset_id
            WHERE ri.run_id = ANY($1::char(32)[]) ORDER BY ri.created_at, ri.id`,
          [ids],
        )
      : [],
    commentCounts ? countComments('RUN', ids.map((id) => ({ teamId, id }))) : null,
  ]);
  const paramsOf = byRun(params);
  const tagsOf = byRun(tags);
  const metricsOf = byRun(metrics);
  const inputsOf = byRun(inputs);
  const rowOf = new Map(
    runs.map((run) => {
      const runTags = tagsOf.get(run.id) ?? [];
      const system = systemFieldsFromTags(runTags);
      const row: RunRow = {
        id: run.id,
        name: run.name,
        status: run.status,
        startTime: Number(run.start_time),
        endTime: run.end_time === null ? null : Number(run.end_time),
        user: system.user ?? run.author_email,
        codeVersion: system.codeVersion,
        gitBranch: system.gitBranch,
        entryPoint: system.entryPoint,
        parentRunId: run.parent_run_id,
        datasets: (inputsOf.get(run.id) ?? []).map((input) => ({ name: input.name, digest: input.digest, context: input.context })),
        params: Object.fromEntries((paramsOf.get(run.id) ?? []).map((param) => [param.key, param.value])),
        metrics: Object.fromEntries((metricsOf.get(run.id) ?? []).map((metric) => [metric.key, { value: metric.value, step: metric.step }])),
        tags: Object.fromEntries(runTags.map((tag) => [tag.key, tag.value])),
        extra: comments ? { commentCount: comments.get(run.id) ?? 0 } : {},
      };
      return [run.id, row] as const;
    }),
  );
  return ids.flatMap((id) => rowOf.get(id) ?? []);
}
