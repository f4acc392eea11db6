// Runs as the table reads them: the GraphQL selection every runs-table query uses (plus the
// fields attribute columns name) and the conversion to the shared RunRow shape.
import { ATTRIBUTE_COLUMNS, type RunRow } from '@/lib/tracking/runs-table/run-row';

type KeyValue = { key: string; value: string };

export type GraphQLRun = {
  id: string;
  name: string;
  status: string;
  startTime: string;
  endTime: string | null;
  user: string | null;
  codeVersion: string | null;
  gitBranch: string | null;
  entryPoint: string | null;
  parent: { id: string } | null;
  params: KeyValue[];
  tags: KeyValue[];
  latestMetrics: { key: string; value: number | string; step: string }[];
  datasets: { context: string | null; dataset: { name: string; digest: string } }[];
  [field: string]: unknown;
};

const EXTRA_FIELDS = ATTRIBUTE_COLUMNS.flatMap((column) => (column.graphqlField ? [column.graphqlField] : []));

/**
 * The Run fields a row needs. `skipExtrasIf` names a Boolean variable of the query that
 * leaves out the attribute columns' own fields (a comment count): a share link reads the
 * runs it names but not, say, their comments, and the row simply lacks those values.
 */
export function runRowFields(skipExtrasIf?: string): string {
  const extras = skipExtrasIf ? EXTRA_FIELDS.map((field) => `${field} @skip(if: ${skipExtrasIf})`) : EXTRA_FIELDS;
  return `id name status startTime endTime user codeVersion gitBranch entryPoint parent { id }
  params { key value } tags { key value } latestMetrics { key value step }
  datasets { context dataset { name digest } } ${extras.join(' ')}`;
}

export const RUN_ROW_FIELDS = runRowFields();

export function toRunRow(run: GraphQLRun): RunRow {
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    startTime: Number(run.startTime),
    endTime: run.endTime === null ? null : Number(run.endTime),
    user: run.user,
    codeVersion: run.codeVersion,
    gitBranch: run.gitBranch,
    entryPoint: run.entryPoint,
    parentRunId: run.parent?.id ?? null,
    datasets: run.datasets.map((input) => ({ name: input.dataset.name, digest: input.dataset.digest, context: input.context })),
    params: Object.fromEntries(run.params.map((param) => [param.key, param.value])),
    metrics: Object.fromEntries(run.latestMetrics.map((metric) => [metric.key, { value: metric.value, step: metric.step }])),
    tags: Object.fromEntries(run.tags.map((tag) => [tag.key, tag.value])),
    extra: Object.fromEntries(EXTRA_FIELDS.map((field) => [field, run[field]])),
  };
}
