'use client';
// One metric's history for every charted run, overlaid, each line in its run's colour; x by
// step, wall-clock time or time since the run started; optional smoothing (the raw line stays
// faint behind) and log scale. Series arrive downsampled by the server (min, max and last of
// each bucket), so spikes survive. Plotly's cost grows with the number of traces, so runs that
// share a colour share one trace (their lines separated by gaps), and hover still names the
// run of each point: 100 runs draw as at most 24 traces. Short lines get a marker per point
// while there are few of them; a 100-run overlay of downsampled lines would get thousands of
// markers: a blur to the eye, and SVG nodes plotly styles one by one.
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import type { LinePanel } from '@/lib/tracking/runs-table/view-shapes';
import { Plot } from '../plot';
import { seriesXY, smooth, X_AXIS_LABELS } from '../series-transforms';
import type { FetchedSeries } from '../use-metric-series';
import { PANEL_LAYOUT, type ChartRun } from './chart-run';

const MAX_RUNS_WITH_MARKERS = 20;

type Lines = { x: (number | Date | null)[]; y: (number | null)[]; raw: (number | null)[]; names: string[]; points: number };

export function LineChart({ panel, runs, series, height = 240 }: { panel: LinePanel; runs: readonly ChartRun[]; series: readonly FetchedSeries[]; height?: number }) {
  const { data, layout, skipped, downsampled } = useMemo(() => {
    const byRun = new Map(series.map((one) => [one.runId, one]));
    const byColor = new Map<string, Lines>();
    let skippedPoints = 0;
    for (const run of runs) {
      const one = byRun.get(run.id);
      if (!one || one.columns.values.length === 0) continue;
      const { x, y, skipped: left } = seriesXY(one.columns, panel.xAxis, run.startTime);
      skippedPoints += left;
      let lines = byColor.get(run.color);
      if (!lines) byColor.set(run.color, (lines = { x: [], y: [], raw: [], names: [], points: 0 }));
      if (lines.x.length > 0) {
        // A gap between two runs' lines in one trace.
        lines.x.push(null);
        lines.y.push(null);
        lines.raw.push(null);
        lines.names.push('');
      }
      const smoothed = panel.smoothing > 0 ? smooth(y, panel.smoothing) : y;
      for (let i = 0; i < x.length; i++) {
        lines.x.push(x[i]);
        lines.y.push(smoothed[i]);
        lines.raw.push(y[i]);
        lines.names.push(run.name);
      }
      lines.points = Math.max(lines.points, x.length);
    }
    const traces: Data[] = [];
    const markers = [...byColor.values()].every((lines) => lines.points <= 30) && runs.length <= MAX_RUNS_WITH_MARKERS;
    for (const [color, lines] of byColor) {
      const mode = markers ? 'lines+markers' : 'lines';
      if (panel.smoothing > 0) {
        traces.push({ type: 'scatter', mode: 'lines', x: lines.x, y: lines.raw, line: { color, width: 1 }, opacity: 0.25, hoverinfo: 'skip', connectgaps: false } as Data);
      }
      traces.push({
        type: 'scatter',
        mode,
        x: lines.x,
        y: lines.y,
        text: lines.names,
        connectgaps: false,
        line: { color, width: 1.5 },
        marker: { size: 4 },
        hovertemplate: '%{text}<br>%{x}: %{y:.5g}<extra></extra>',
      } as Data);
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
