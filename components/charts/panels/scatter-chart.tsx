'use client';
// Any param or metric (x) against a metric (y), one point per run in the run's colour: the
// trade-off view (accuracy against fairness), or a hyperparameter's effect. Text params
// become categories; a param that parses as numbers is a numeric axis.
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import { cellValue, columnLabel } from '@/lib/tracking/runs-table/run-row';
import type { ScatterPanel } from '@/lib/tracking/runs-table/view-shapes';
import { Plot } from '../plot';
import { PANEL_LAYOUT, type ChartRun } from './chart-run';

/** Numbers when every present value parses as one (params are text), else the text itself. */
function axisValues(runs: readonly ChartRun[], columnId: string): { values: (number | string | null)[]; numeric: boolean } {
  const raw = runs.map((run) => cellValue(run.row, columnId));
  const numbers = raw.map((value) => (value === null || value === '' ? null : typeof value === 'number' ? value : Number(value)));
  const numeric = numbers.every((n, i) => raw[i] === null || (n !== null && Number.isFinite(n)));
  return numeric ? { values: numbers, numeric } : { values: raw.map((value) => (value === null ? null : String(value))), numeric };
}

export function ScatterChart({ panel, runs, height = 240 }: { panel: ScatterPanel; runs: readonly ChartRun[]; height?: number }) {
  const { data, layout, plotted } = useMemo(() => {
    const x = axisValues(runs, panel.x);
    const y = axisValues(runs, panel.y);
    const points = runs.flatMap((run, i) => {
      const xv = x.values[i];
      const yv = y.values[i];
      return xv === null || yv === null || (typeof yv === 'number' && !Number.isFinite(yv)) ? [] : [{ run, x: xv, y: yv }];
    });
    // Few points: named on the chart, so the trade-off can be read without hovering.
    const named = points.length <= 12;
    const trace = {
      type: 'scatter',
      mode: named ? 'markers+text' : 'markers',
      textposition: 'top center',
      textfont: { size: 10, color: '#59636e' },
      cliponaxis: false,
      x: points.map((p) => p.x),
      y: points.map((p) => p.y),
      text: points.map((p) => p.run.name),
      marker: { color: points.map((p) => p.run.color), size: 9, line: { color: '#ffffff', width: 1 } },
      hovertemplate: `%{text}<br>${columnLabel(panel.x)}: %{x}<br>${columnLabel(panel.y)}: %{y}<extra></extra>`,
    } as unknown as Data;
    const chartLayout: Partial<Layout> = {
      ...PANEL_LAYOUT,
      // Room for the names of points at the edges.
      margin: { ...PANEL_LAYOUT.margin, r: named ? 48 : PANEL_LAYOUT.margin.r, t: named ? 20 : PANEL_LAYOUT.margin.t },
      xaxis: { ...PANEL_LAYOUT.xaxis, title: { text: columnLabel(panel.x), font: { size: 11 } }, type: !x.numeric ? 'category' : panel.logX ? 'log' : 'linear' },
      yaxis: { ...PANEL_LAYOUT.yaxis, title: { text: columnLabel(panel.y), font: { size: 11 } }, type: !y.numeric ? 'category' : panel.logY ? 'log' : 'linear' },
    };
    return { data: [trace], layout: chartLayout, plotted: points.length };
  }, [panel, runs]);

  if (plotted === 0) return <p className="muted small-text">No run here has both {columnLabel(panel.x)} and {columnLabel(panel.y)}.</p>;
  return <Plot data={data} layout={layout} height={height} label={`${columnLabel(panel.y)} against ${columnLabel(panel.x)}`} testId={`scatter-${panel.x}-${panel.y}`} />;
}
