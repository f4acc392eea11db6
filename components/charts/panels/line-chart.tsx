'use client';
// One metric's history for every charted run, overlaid, each line in its run's colour; x by
// step, wall-clock time or time since the run started; optional smoothing (the raw line stays
// faint behind) and log scale. Series arrive downsampled by the server (min, max and last of
// each bucket), so spikes survive.
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import type { LinePanel } from '@/lib/tracking/runs-table/view-shapes';
import { Plot } from '../plot';
import { seriesXY, smooth, X_AXIS_LABELS } from '../series-transforms';
import type { FetchedSeries } from '../use-metric-series';
import { PANEL_LAYOUT, type ChartRun } from './chart-run';

export function LineChart({ panel, runs, series, height = 240 }: { panel: LinePanel; runs: readonly ChartRun[]; series: readonly FetchedSeries[]; height?: number }) {
  const { data, layout, skipped, downsampled } = useMemo(() => {
    const byRun = new Map(series.map((one) => [one.runId, one]));
    const traces: Data[] = [];
    let skippedPoints = 0;
    for (const run of runs) {
      const one = byRun.get(run.id);
      if (!one || one.points.length === 0) continue;
      const { x, y, skipped: left } = seriesXY(one.points, panel.xAxis, run.startTime);
      skippedPoints += left;
      const mode = x.length <= 30 ? 'lines+markers' : 'lines';
      const hover = `${run.name.replaceAll('%', '%%')}<br>%{x}: %{y:.5g}<extra></extra>`;
      if (panel.smoothing > 0) {
        traces.push({ type: 'scatter', mode: 'lines', x, y, line: { color: run.color, width: 1 }, opacity: 0.25, hoverinfo: 'skip' } as Data);
        traces.push({ type: 'scatter', mode, x, y: smooth(y, panel.smoothing), name: run.name, line: { color: run.color, width: 1.6 }, marker: { size: 4 }, hovertemplate: hover } as Data);
      } else {
        traces.push({ type: 'scatter', mode, x, y, name: run.name, line: { color: run.color, width: 1.6 }, marker: { size: 4 }, hovertemplate: hover } as Data);
      }
    }
    const chartLayout: Partial<Layout> = {
      ...PANEL_LAYOUT,
      xaxis: {
        ...PANEL_LAYOUT.xaxis,
        title: { text: panel.xAxis === 'relative' ? 'Seconds since start' : X_AXIS_LABELS[panel.xAxis], font: { size: 11 } },
        ...(panel.xAxis === 'time' ? { type: 'date' as const } : {}),
      },
      yaxis: { ...PANEL_LAYOUT.yaxis, type: panel.logY ? 'log' : 'linear' },
    };
    return { data: traces, layout: chartLayout, skipped: skippedPoints, downsampled: series.some((one) => one.downsampled) };
  }, [panel, runs, series]);

  return (
    <div>
      <Plot data={data} layout={layout} height={height} label={`History of ${panel.metric}`} testId={`metric-chart-${panel.metric}`} />
      {(skipped > 0 || downsampled) && (
        <p className="muted small-text" style={{ margin: '2px 0 0' }}>
          {skipped > 0 && `${skipped} NaN/Infinity ${skipped === 1 ? 'value' : 'values'} not drawn. `}
          {downsampled && 'Downsampled (each bucket keeps its min, max and last point).'}
        </p>
      )}
    </div>
  );
}
