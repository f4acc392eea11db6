// The shapes of a person's saved views (runs table columns, chart panels) and of the compare
// view's charts. Pure (zod only): the server validates saved preferences with them and the
// pages use the same types and defaults, so what is saved is always what the pages read.
import { z } from 'zod';

/** A runs-table column or chart axis: `attributes.<name>`, `params.<key>`, `metrics.<key>` or `tags.<key>`. */
export const COLUMN_ID = /^(attributes|params|metrics|tags)\..+$/s;
export const columnIdSchema = z.string().max(1000).regex(COLUMN_ID, 'a column is attributes.<name>, params.<key>, metrics.<key> or tags.<key>');

export type ColumnKind = 'attributes' | 'params' | 'metrics' | 'tags';

export function splitColumnId(id: string): { kind: ColumnKind; key: string } {
  const dot = id.indexOf('.');
  return { kind: id.slice(0, dot) as ColumnKind, key: id.slice(dot + 1) };
}

export const columnId = (kind: ColumnKind, key: string) => `${kind}.${key}`;

export const X_AXES = ['step', 'time', 'relative'] as const;
export type XAxis = (typeof X_AXES)[number];

const panelId = z.string().min(1).max(100);
const metricKey = z.string().min(1).max(1000);

export const linePanelSchema = z.object({
  id: panelId,
  kind: z.literal('line'),
  metric: metricKey,
  /** Step, wall-clock time, or time since the run started. */
  xAxis: z.enum(X_AXES).default('step'),
  /** Exponential moving average weight, 0 (none) to 0.99 (TensorBoard's slider). */
  smoothing: z.number().min(0).max(0.99).default(0),
  logY: z.boolean().default(false),
});

export const barPanelSchema = z.object({ id: panelId, kind: z.literal('bar'), metric: metricKey });

export const scatterPanelSchema = z.object({
  id: panelId,
  kind: z.literal('scatter'),
  /** Any param or metric (or a numeric attribute). */
  x: columnIdSchema,
  /** A metric. */
  y: columnIdSchema,
  logX: z.boolean().default(false),
  logY: z.boolean().default(false),
});

export const parallelPanelSchema = z.object({
  id: panelId,
  kind: z.literal('parallel'),
  /** Axes in order; empty means the params that differ and every metric. */
  columns: z.array(columnIdSchema).max(40).default([]),
  colorBy: columnIdSchema.nullish(),
});

export const chartPanelSchema = z.discriminatedUnion('kind', [linePanelSchema, barPanelSchema, scatterPanelSchema, parallelPanelSchema]);

export type LinePanel = z.infer<typeof linePanelSchema>;
export type BarPanel = z.infer<typeof barPanelSchema>;
export type ScatterPanel = z.infer<typeof scatterPanelSchema>;
export type ParallelPanel = z.infer<typeof parallelPanelSchema>;
export type ChartPanel = z.infer<typeof chartPanelSchema>;

export const MAX_PANELS = 50;
export const MAX_TABLE_COLUMNS = 300;

export const chartPanelsSchema = z.object({ panels: z.array(chartPanelSchema).max(MAX_PANELS, `At most ${MAX_PANELS} chart panels`) });
export type ChartPanels = z.infer<typeof chartPanelsSchema>;

export const runsTableViewSchema = z.object({
  /** Shown columns in order, after the run name (always shown). */
  columns: z.array(columnIdSchema).max(MAX_TABLE_COLUMNS, `At most ${MAX_TABLE_COLUMNS} columns`),
  /** Widths in pixels people dragged columns to. */
  widths: z.record(columnIdSchema, z.number().int().min(48).max(2000)).default({}),
});
export type RunsTableView = z.infer<typeof runsTableViewSchema>;

export const COMPARE_LAYOUTS = ['auto', 'rows', 'columns'] as const;

/**
 * The compare view's whole state (what its URL holds besides the runs, and what a saved
 * comparison keeps): layout, the "only differences" switch, the metric directions set by
 * hand (others follow the metric's name) and the chart panels (null: the default panels).
 */
export const compareStateSchema = z.object({
  layout: z.enum(COMPARE_LAYOUTS).default('auto'),
  onlyDifferences: z.boolean().default(false),
  directions: z
    .record(metricKey, z.enum(['max', 'min']))
    .refine((directions) => Object.keys(directions).length <= 1000, 'At most 1000 metric directions')
    .default({}),
  panels: z.array(chartPanelSchema).max(MAX_PANELS, `At most ${MAX_PANELS} chart panels`).nullable().default(null),
});
export type CompareState = z.infer<typeof compareStateSchema>;
