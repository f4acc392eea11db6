// One run as a row of the runs table, and the table's columns. Pure: the page builds rows
// from GraphQL runs, the export from run views, and both read cells through the same column
// definitions, so a column shows and exports the same value. Attribute columns are data:
// one more attribute (say a comment count) is one entry in ATTRIBUTE_COLUMNS (plus the
// GraphQL field it reads, named in `graphqlField`, which the page's query selects).
import { splitColumnId } from './view-shapes.ts';

export type MetricCell = { value: number | string; step: string };
export type DatasetCell = { name: string; digest: string; context: string | null };

export type RunRow = {
  id: string;
  name: string;
  status: string;
  /** Epoch milliseconds. */
  startTime: number;
  endTime: number | null;
  /** Who ran the code (mlflow.user), else the Cairn user who logged it. */
  user: string | null;
  codeVersion: string | null;
  gitBranch: string | null;
  entryPoint: string | null;
  parentRunId: string | null;
  datasets: DatasetCell[];
  params: Record<string, string>;
  metrics: Record<string, MetricCell>;
  tags: Record<string, string>;
  /** Values of attribute columns read straight from a GraphQL field (see AttributeColumn.graphqlField). */
  extra: Record<string, unknown>;
};

export type CellType = 'text' | 'number' | 'time' | 'duration' | 'status';
export type CellValue = string | number | null;

export type AttributeColumn = {
  /** The column id is `attributes.<key>`; exports name the column `<key>`, as MLflow's search_runs DataFrame does. */
  key: string;
  label: string;
  type: CellType;
  /** The MLflow order_by clause that sorts by it on the server, or null when it cannot be sorted. */
  orderBy: string | null;
  /** A Run field the page's GraphQL query must select for it (its value lands in row.extra). */
  graphqlField?: string;
  /** The section of the run page a non-zero cell links to (`#comments`); zero shows nothing. */
  runPageAnchor?: string;
  value(row: RunRow): CellValue;
};

export const ATTRIBUTE_COLUMNS: readonly AttributeColumn[] = [
  { key: 'run_name', label: 'Run', type: 'text', orderBy: 'attributes.run_name', value: (row) => row.name },
  { key: 'run_id', label: 'Run ID', type: 'text', orderBy: 'attributes.run_id', value: (row) => row.id },
  { key: 'status', label: 'Status', type: 'status', orderBy: 'attributes.status', value: (row) => row.status },
  { key: 'start_time', label: 'Started', type: 'time', orderBy: 'attributes.start_time', value: (row) => row.startTime },
  { key: 'end_time', label: 'Ended', type: 'time', orderBy: 'attributes.end_time', value: (row) => row.endTime },
  { key: 'duration', label: 'Duration', type: 'duration', orderBy: null, value: (row) => (row.endTime === null ? null : row.endTime - row.startTime) },
  { key: 'user_id', label: 'User', type: 'text', orderBy: 'attributes.user_id', value: (row) => row.user },
  { key: 'source', label: 'Source', type: 'text', orderBy: null, value: (row) => row.entryPoint },
  { key: 'code_version', label: 'Code version', type: 'text', orderBy: 'tags.`mlflow.source.git.commit`', value: (row) => row.codeVersion },
  { key: 'git_branch', label: 'Branch', type: 'text', orderBy: 'tags.`mlflow.source.git.branch`', value: (row) => row.gitBranch },
  {
    key: 'datasets',
    label: 'Datasets',
    type: 'text',
    orderBy: null,
    value: (row) => (row.datasets.length ? row.datasets.map((d) => `${d.name}@${d.digest}`).join(', ') : null),
  },
  { key: 'parent_run_id', label: 'Parent run', type: 'text', orderBy: null, value: (row) => row.parentRunId },
  {
    key: 'comment_count',
    label: 'Comments',
    type: 'number',
    orderBy: null,
    graphqlField: 'commentCount',
    runPageAnchor: 'comments',
    // Absent where the reader may not see comments (a share link): no value rather than 0.
    value: (row) => (typeof row.extra.commentCount === 'number' ? row.extra.commentCount : null),
  },
];

const attributeByKey = new Map(ATTRIBUTE_COLUMNS.map((column) => [column.key, column]));

export function attributeColumn(key: string): AttributeColumn | undefined {
  return attributeByKey.get(key);
}

/** Attribute columns a project page shows before the person chooses: status first, the rest after the metrics and params. */
export const DEFAULT_LEADING_COLUMNS = ['attributes.status'];
export const DEFAULT_TRAILING_COLUMNS = ['attributes.start_time', 'attributes.duration', 'attributes.user_id', 'attributes.code_version', 'attributes.comment_count'];

/** A metric's value as a number (NaN and ±Infinity arrive as words). */
export function metricNumber(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

/** The value of a column in a row: text, a number, epoch ms (time) or ms (duration); null when missing. */
export function cellValue(row: RunRow, columnId: string): CellValue {
  const { kind, key } = splitColumnId(columnId);
  switch (kind) {
    case 'attributes':
      return attributeByKey.get(key)?.value(row) ?? null;
    case 'params':
      return row.params[key] ?? null;
    case 'tags':
      return row.tags[key] ?? null;
    case 'metrics': {
      const metric = row.metrics[key];
      return metric === undefined ? null : metricNumber(metric.value);
    }
  }
}

export function cellType(columnId: string): CellType {
  const { kind, key } = splitColumnId(columnId);
  if (kind === 'metrics') return 'number';
  if (kind === 'attributes') return attributeByKey.get(key)?.type ?? 'text';
  return 'text';
}

/** The server-side order_by clause for a column, or null when the column cannot be sorted. */
export function columnOrderBy(columnId: string): string | null {
  const { kind, key } = splitColumnId(columnId);
  if (kind === 'attributes') return attributeByKey.get(key)?.orderBy ?? null;
  return `${kind}.\`${key.replaceAll('`', '``')}\``;
}

/** A column's header: the attribute's label, else its key. */
export function columnLabel(columnId: string): string {
  const { kind, key } = splitColumnId(columnId);
  return kind === 'attributes' ? (attributeByKey.get(key)?.label ?? key) : key;
}

/** The name an export gives a column: `status`, `params.lr`, `metrics.acc` (MLflow's DataFrame names). */
export function exportName(columnId: string): string {
  const { kind, key } = splitColumnId(columnId);
  return kind === 'attributes' ? key : columnId;
}
