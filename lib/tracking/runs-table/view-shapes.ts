// The shapes of a person's saved views (runs table columns, chart panels) and of the compare
// view's charts. Pure (zod only): the server validates saved preferences with them and the
// pages use the same types and defaults, so what is saved is always what the pages read.
// zod/mini, not zod: the compare and project pages parse their URL state with these, and the
// classic build (chainable methods, every check bundled) put 113 KB of script on those
// pages, parsed and compiled on every cold load; mini's schemas tree-shake to what is used.
// Server code composes them into its classic schemas (both are zod 4 core types).
import * as z from 'zod/mini';

/** A runs-table column or chart axis: `attributes.<name>`, `params.<key>`, `metrics.<key>` or `tags.<key>`. */
export const COLUMN_ID = /^(attributes|params|metrics|tags)\..+$/s;
export const columnIdSchema = z.string().check(z.maxLength(1000), z.regex(COLUMN_ID, 'a column is attributes.<name>, params.<key>, metrics.<key> or tags.<key>'));

export type ColumnKind = 'attributes' | 'params' | 'metrics' | 'tags';

export function splitColumnId(id: string): { kind: ColumnKind; key: string } {
  const dot = id.indexOf('.');
  return { kind: id.slice(0, dot) as ColumnKind, key: id.slice(dot + 1) };
}

export const columnId = (kind: ColumnKind, key: string) => `${kind}.${key}`;

export const X_AXES = ['step', 'time', 'relative'] as const;
export type XAxis = (typeof X_AXES)[number];

const panelId = z.string().check(z.minLength(1), z.maxLength(100));
const metricKey = z.string().check(z.minLength(1), z.maxLength(1000));

export const linePanelSchema = z.object({
  id: panelId,
  kind: z.literal('line'),
  metric: metricKey,
  /** Step, wall-clock time, or time since the run started. */
  xAxis: z._default(z.enum(X_AXES), 'step'),
  /** Exponential moving average weight, 0 (none) to 0.99 (TensorBoard's slider). */
  smoothing: z._default(z.number().check(z.minimum(0), z.maximum(0.99)), 0),
  logY: z._default(z.boolean(), false),
});

export const barPanelSchema = z.object({ id: panelId, kind: z.literal('bar'), metric: metricKey });

export const scatterPanelSchema = z.object({
  id: panelId,
  kind: z.literal('scatter'),
  /** Any param or metric (or a numeric attribute). */
  x: columnIdSchema,
  /** A metric. */
  y: columnIdSchema,
  logX: z._default(z.boolean(), false),
  logY: z._default(z.boolean(), false),
});

export const parallelPanelSchema = z.object({
  id: panelId,
  kind: z.literal('parallel'),
  /** Axes in order; empty means the params that differ and every metric. */
  columns: z._default(z.array(columnIdSchema).check(z.maxLength(40)), []),
  colorBy: z.nullish(columnIdSchema),
});

export const chartPanelSchema = z.discriminatedUnion('kind', [linePanelSchema, barPanelSchema, scatterPanelSchema, parallelPanelSchema]);

export type LinePanel = z.infer<typeof linePanelSchema>;
export type BarPanel = z.infer<typeof barPanelSchema>;
export type ScatterPanel = z.infer<typeof scatterPanelSchema>;
export type ParallelPanel = z.infer<typeof parallelPanelSchema>;
export type ChartPanel = z.infer<typeof chartPanelSchema>;

export const MAX_PANELS = 50;
export const MAX_TABLE_COLUMNS = 300;

export const chartPanelsSchema = z.object({ panels: z.array(chartPanelSchema).check(z.maxLength(MAX_PANELS, `At most ${MAX_PANELS} chart panels`)) });
export type ChartPanels = z.infer<typeof chartPanelsSchema>;

export const runsTableViewSchema = z.object({
  /** Shown columns in order, after the run name (always shown). */
  columns: z.array(columnIdSchema).check(z.maxLength(MAX_TABLE_COLUMNS, `At most ${MAX_TABLE_COLUMNS} columns`)),
  /** Widths in pixels people dragged columns to. */
  widths: z._default(z.record(columnIdSchema, z.int().check(z.minimum(48), z.maximum(2000))), {}),
});
export type RunsTableView = z.infer<typeof runsTableViewSchema>;

export const COMPARE_LAYOUTS = ['auto', 'rows', 'columns'] as const;

/**
 * The compare view's whole state (what its URL holds besides the runs, and what a saved
 * comparison keeps): layout, the "only differences" switch, the metric directions set by
 * hand (others follow the metric's name) and the chart panels (null: the default panels).
 */
export const compareStateSchema = z.object({
  layout: z._default(z.enum(COMPARE_LAYOUTS), 'auto'),
  onlyDifferences: z._default(z.boolean(), false),
  directions: z._default(
    z.record(metricKey, z.enum(['max', 'min'])).check(z.refine((directions) => Object.keys(directions).length <= 1000, 'At most 1000 metric directions')),
    {},
  ),
  panels: z._default(z.nullable(z.array(chartPanelSchema).check(z.maxLength(MAX_PANELS, `At most ${MAX_PANELS} chart panels`))), null),
});
export type CompareState = z.infer<typeof compareStateSchema>;
