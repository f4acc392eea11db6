// The panels a project or comparison starts with before anyone arranges them: a line chart
// per metric with a history, bars for metrics logged once, the trade-off scatter of the first
// two single-value metrics (accuracy against fairness) or of a param against a metric, and
// parallel coordinates. Pure, tested beside this file.
import { DEFAULT_LINE_CHARTS } from '@/lib/comparisons/default-chart-metrics';
import type { ChartPanel } from '@/lib/tracking/runs-table/view-shapes';

export type MetricFacet = { key: string; maxPoints: number };

const MAX_BAR_PANELS = 4;

export function defaultPanels(metrics: readonly MetricFacet[], paramKeys: readonly string[]): ChartPanel[] {
  const series = metrics.filter((metric) => metric.maxPoints > 1);
  const single = metrics.filter((metric) => metric.maxPoints <= 1);
  const panels: ChartPanel[] = [];
  if (single.length >= 2) {
    panels.push({ id: 'scatter-1', kind: 'scatter', x: `metrics.${single[0].key}`, y: `metrics.${single[1].key}`, logX: false, logY: false });
  } else if (paramKeys.length > 0 && metrics.length > 0) {
    panels.push({ id: 'scatter-1', kind: 'scatter', x: `params.${paramKeys[0]}`, y: `metrics.${(single[0] ?? metrics[0]).key}`, logX: false, logY: false });
  }
  for (const metric of series.slice(0, DEFAULT_LINE_CHARTS)) {
    panels.push({ id: `line-${metric.key}`, kind: 'line', metric: metric.key, xAxis: 'step', smoothing: 0, logY: false });
  }
  for (const metric of single.slice(0, MAX_BAR_PANELS)) panels.push({ id: `bar-${metric.key}`, kind: 'bar', metric: metric.key });
  if (metrics.length + paramKeys.length >= 2) panels.push({ id: 'parallel-1', kind: 'parallel', columns: [], colorBy: null });
  return panels;
}

/** A fresh id for a panel added by hand. */
export function newPanelId(kind: ChartPanel['kind'], panels: readonly ChartPanel[]): string {
  let n = panels.length + 1;
  while (panels.some((panel) => panel.id === `${kind}-${n}`)) n++;
  return `${kind}-${n}`;
}
