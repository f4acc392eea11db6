'use client';
// The chart panels beside the runs table and in the compare view: a grid of line, bar,
// scatter and parallel-coordinates panels over the charted runs, in the runs' colours. Every
// line panel's series come in one batch request. Panels can be added, edited (metric, x axis,
// smoothing, log scale, axes) and removed; `onChange` saves the layout (the project page saves
// it per person, the compare view keeps it in the URL). Without `onChange` it is read-only.
import { useMemo, useState, type ReactNode } from 'react';
import { cellValue, columnLabel } from '@/lib/tracking/runs-table/run-row';
import { X_AXES, type ChartPanel } from '@/lib/tracking/runs-table/view-shapes';
import { EmptyState } from '../../ui/empty-state';
import { Panel } from '../../ui/panel';
import { Popover } from '../../ui/popover';
import { Segmented } from '../../ui/segmented';
import { SkeletonChart } from '../../ui/skeleton';
import { ErrorMessage } from '../../runs/error-message';
import { ParallelCoordinates, type Column } from '../parallel-coordinates';
import { X_AXIS_LABELS } from '../series-transforms';
import { chartedMetricKeys, useMetricSeries, type FetchedSeries } from '../use-metric-series';
import { BarChart } from './bar-chart';
import type { ChartRun } from './chart-run';
import { newPanelId, type MetricFacet } from './default-panels';
import { LineChart } from './line-chart';
import { ScatterChart } from './scatter-chart';

export type ChartPanelsProps = {
  /** Shown left of the Add chart button (what is charted). */
  caption?: ReactNode;
  panels: readonly ChartPanel[];
  onChange?: (panels: ChartPanel[]) => void;
  runs: readonly ChartRun[];
  metrics: readonly MetricFacet[];
  paramKeys: readonly string[];
  /** One column of panels (beside a table) or as many as fit. */
  single?: boolean;
  chartHeight?: number;
  /** Series already fetched with the page's data (the compare view's request); the rest are fetched here. */
  series?: readonly FetchedSeries[];
};

const MAX_PARALLEL_AXES = 12;

export function ChartPanels({ caption, panels, onChange, runs, metrics, paramKeys, single, chartHeight = 240, series: prefetched }: ChartPanelsProps) {
  const runIds = useMemo(() => runs.map((run) => run.id), [runs]);
  const lineKeys = useMemo(() => chartedMetricKeys(panels), [panels]);
  const series = useMetricSeries(runIds, lineKeys, prefetched);
  const update = (id: string, change: Partial<ChartPanel>) => onChange?.(panels.map((panel) => (panel.id === id ? ({ ...panel, ...change } as ChartPanel) : panel)));
  const remove = (id: string) => onChange?.(panels.filter((panel) => panel.id !== id));
  const add = (panel: ChartPanel) => onChange?.([...panels, panel]);

  if (metrics.length === 0) {
    return <EmptyState title="Nothing to chart yet">Charts appear when runs log metrics (mlflow.log_metric).</EmptyState>;
  }
  return (
    <div>
      {(caption || onChange) && (
        <div className="toolbar" style={{ justifyContent: 'space-between', minHeight: 32 }}>
          <span className="muted small-text" data-testid="charted-runs">
            {caption}
          </span>
          {onChange && <AddPanel panels={panels} metrics={metrics} paramKeys={paramKeys} onAdd={add} />}
        </div>
      )}
      {panels.length === 0 && <EmptyState title="No charts">Add a chart: a metric&apos;s history, a scatter of any two values, or parallel coordinates.</EmptyState>}
      <div className={`chart-grid ${single ? 'single' : ''}`} data-testid="chart-panels">
        {panels.map((panel) => (
          <PanelFrame key={panel.id} panel={panel} onChange={onChange && ((change) => update(panel.id, change))} onRemove={onChange && (() => remove(panel.id))} metrics={metrics} paramKeys={paramKeys}>
            {panel.kind === 'line' ? (
              series.isError ? (
                <ErrorMessage>{series.error.message}</ErrorMessage>
              ) : !series.data ? (
                <SkeletonChart height={chartHeight} />
              ) : (series.data.get(panel.metric) ?? []).every((one) => one.columns.values.length <= 1) ? (
                // Logged once per run: bars, never one-point lines.
                <BarChart metric={panel.metric} runs={runs} height={chartHeight} />
              ) : (
                <LineChart panel={panel} runs={runs} series={series.data.get(panel.metric) ?? []} height={chartHeight} />
              )
            ) : panel.kind === 'bar' ? (
              <BarChart metric={panel.metric} runs={runs} height={chartHeight} />
            ) : panel.kind === 'scatter' ? (
              <ScatterChart panel={panel} runs={runs} height={chartHeight} />
            ) : (
              <ParallelPanel columnsChosen={panel.columns} colorBy={panel.colorBy ?? null} runs={runs} metrics={metrics} paramKeys={paramKeys} height={chartHeight + 60} />
            )}
          </PanelFrame>
        ))}
      </div>
    </div>
  );
}

function panelTitle(panel: ChartPanel): string {
  switch (panel.kind) {
    case 'line':
      return panel.metric;
    case 'bar':
      return panel.metric;
    case 'scatter':
      return `${columnLabel(panel.y)} vs ${columnLabel(panel.x)}`;
    case 'parallel':
      return 'Parallel coordinates';
  }
}

function PanelFrame({
  panel,
  onChange,
  onRemove,
  metrics,
  paramKeys,
  children,
}: {
  panel: ChartPanel;
  onChange?: (change: Partial<ChartPanel>) => void;
  onRemove?: () => void;
  metrics: readonly MetricFacet[];
  paramKeys: readonly string[];
  children: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  return (
    <Panel
      title={panelTitle(panel)}
      testId={`chart-panel-${panel.id}`}
      wide={panel.kind === 'parallel'}
      label={`Chart: ${panelTitle(panel)}`}
      actions={
        onChange && (
          <>
            {panel.kind !== 'bar' && (
              <button className="ghost small" aria-pressed={editing} onClick={() => setEditing(!editing)} aria-label={`Settings of ${panelTitle(panel)}`}>
                Settings
              </button>
            )}
            <button className="ghost small" onClick={onRemove} aria-label={`Remove ${panelTitle(panel)}`} title="Remove chart">
              ✕
            </button>
          </>
        )
      }
    >
      {editing && onChange && <PanelSettings panel={panel} onChange={onChange} metrics={metrics} paramKeys={paramKeys} />}
      {children}
    </Panel>
  );
}

const X_AXIS_OPTIONS = X_AXES.map((value) => ({ value, label: X_AXIS_LABELS[value] }));

function PanelSettings({ panel, onChange, metrics, paramKeys }: { panel: ChartPanel; onChange: (change: Partial<ChartPanel>) => void; metrics: readonly MetricFacet[]; paramKeys: readonly string[] }) {
  const metricIds = metrics.map((metric) => `metrics.${metric.key}`);
  const axisIds = [...metricIds, ...paramKeys.map((key) => `params.${key}`)];
  if (panel.kind === 'line') {
    return (
      <div className="chart-settings">
        <select aria-label="Metric" value={panel.metric} onChange={(event) => onChange({ metric: event.target.value })}>
          {metrics.map((metric) => (
            <option key={metric.key}>{metric.key}</option>
          ))}
        </select>
        <Segmented label="X axis" options={X_AXIS_OPTIONS} value={panel.xAxis} onChange={(xAxis) => onChange({ xAxis })} />
        <label className="inline" title="Exponential moving average, as TensorBoard smooths">
          Smoothing
          <input type="range" min={0} max={0.99} step={0.01} value={panel.smoothing} aria-label="Smoothing" onChange={(event) => onChange({ smoothing: Number(event.target.value) })} />
          <span style={{ width: 28 }}>{panel.smoothing.toFixed(2)}</span>
        </label>
        <label className="inline">
          <input type="checkbox" checked={panel.logY} onChange={(event) => onChange({ logY: event.target.checked })} /> Log scale
        </label>
      </div>
    );
  }
  if (panel.kind === 'scatter') {
    return (
      <div className="chart-settings">
        <AxisSelect label="X" value={panel.x} options={axisIds} onChange={(x) => onChange({ x })} />
        <AxisSelect label="Y" value={panel.y} options={metricIds} onChange={(y) => onChange({ y })} />
        <label className="inline">
          <input type="checkbox" checked={panel.logX} onChange={(event) => onChange({ logX: event.target.checked })} /> Log X
        </label>
        <label className="inline">
          <input type="checkbox" checked={panel.logY} onChange={(event) => onChange({ logY: event.target.checked })} /> Log Y
        </label>
      </div>
    );
  }
  if (panel.kind === 'parallel') {
    return (
      <div className="chart-settings">
        <AxisSelect label="Colour by" value={panel.colorBy ?? metricIds[0] ?? ''} options={metricIds} onChange={(colorBy) => onChange({ colorBy })} />
      </div>
    );
  }
  return null;
}

function AxisSelect({ label, value, options, onChange }: { label: string; value: string; options: readonly string[]; onChange: (value: string) => void }) {
  return (
    <label className="inline">
      {label}
      <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
        {!options.includes(value) && <option value={value}>{columnLabel(value)}</option>}
        {options.map((id) => (
          <option key={id} value={id}>
            {id.startsWith('params.') ? `param: ${columnLabel(id)}` : columnLabel(id)}
          </option>
        ))}
      </select>
    </label>
  );
}

function AddPanel({ panels, metrics, paramKeys, onAdd }: { panels: readonly ChartPanel[]; metrics: readonly MetricFacet[]; paramKeys: readonly string[]; onAdd: (panel: ChartPanel) => void }) {
  const first = metrics[0]?.key ?? '';
  const second = metrics[1]?.key ?? first;
  const withHistory = metrics.find((metric) => metric.maxPoints > 1)?.key ?? first;
  const choices: { label: string; make: () => ChartPanel }[] = [
    { label: 'Line chart (metric history)', make: () => ({ id: newPanelId('line', panels), kind: 'line', metric: withHistory, xAxis: 'step', smoothing: 0, logY: false }) },
    { label: 'Bar chart (latest values)', make: () => ({ id: newPanelId('bar', panels), kind: 'bar', metric: first }) },
    {
      label: 'Scatter plot',
      make: () => ({ id: newPanelId('scatter', panels), kind: 'scatter', x: paramKeys[0] ? `params.${paramKeys[0]}` : `metrics.${first}`, y: `metrics.${second}`, logX: false, logY: false }),
    },
    { label: 'Parallel coordinates', make: () => ({ id: newPanelId('parallel', panels), kind: 'parallel', columns: [], colorBy: null }) },
  ];
  return (
    <Popover label="+ Add chart" align="right" buttonClass="secondary small" testId="add-chart">
      {(close) =>
        choices.map((choice) => (
          <button
            key={choice.label}
            className="menu-item"
            onClick={() => {
              onAdd(choice.make());
              close();
            }}
          >
            {choice.label}
          </button>
        ))
      }
    </Popover>
  );
}

/** Parallel coordinates over the charted runs: the chosen axes, else the params that differ and the metrics. */
function ParallelPanel({
  columnsChosen,
  colorBy,
  runs,
  metrics,
  paramKeys,
  height,
}: {
  columnsChosen: readonly string[];
  colorBy: string | null;
  runs: readonly ChartRun[];
  metrics: readonly MetricFacet[];
  paramKeys: readonly string[];
  height: number;
}) {
  const { columns, runNames, colorLabel } = useMemo(() => {
    const differing = paramKeys.filter((key) => new Set(runs.map((run) => run.row.params[key] ?? null)).size > 1).map((key) => `params.${key}`);
    const ids = (columnsChosen.length > 0 ? columnsChosen : [...differing, ...metrics.map((metric) => `metrics.${metric.key}`)]).slice(0, MAX_PARALLEL_AXES);
    const built: Column[] = ids.map((id) => ({
      label: columnLabel(id),
      kind: id.startsWith('metrics.') ? ('metric' as const) : ('param' as const),
      values: runs.map((run) => cellValue(run.row, id)),
    }));
    return { columns: built, runNames: runs.map((run) => run.name), colorLabel: colorBy ? columnLabel(colorBy) : undefined };
  }, [columnsChosen, colorBy, runs, metrics, paramKeys]);
  return <ParallelCoordinates runNames={runNames} columns={columns} colorBy={colorLabel} height={height} />;
}
