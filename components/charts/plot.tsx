'use client';
// A Plotly chart without react-plotly.js: plotly touches `window` when it loads, so it is
// imported in the browser only, redrawn with Plotly.react on every change and purged on
// unmount. Nothing is fetched from the network (no CDN, fonts or map tiles).
import { useEffect, useRef, useState } from 'react';
import type { Config, Data, Layout } from 'plotly.js-dist-min';

type PlotlyModule = typeof import('plotly.js-dist-min').default;

const CONFIG: Partial<Config> = { responsive: true, displaylogo: false };

/** Shared look: the page's own font, tight margins, no plotly branding. */
export const BASE_LAYOUT: Partial<Layout> = {
  font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size: 12 },
  margin: { l: 56, r: 16, t: 32, b: 44 },
  paper_bgcolor: '#ffffff',
  plot_bgcolor: '#ffffff',
};

let plotlyModule: Promise<PlotlyModule> | null = null;
/** Starts loading plotly (a large module); pages call it on mount so charts draw as soon as data arrives. */
export function loadPlotly(): Promise<PlotlyModule> {
  plotlyModule ??= import('plotly.js-dist-min').then((mod) => (mod.default ?? mod) as PlotlyModule);
  return plotlyModule;
}

export type PlotProps = {
  data: Data[];
  layout?: Partial<Layout>;
  /** Accessible name of the chart (screen readers get no picture). */
  label: string;
  height?: number;
  testId?: string;
};

export function Plot({ data, layout, label, height = 300, testId }: PlotProps) {
  const container = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const div = container.current;
    if (!div) return;
    div.dataset.rendered = 'false';
    loadPlotly()
      .then(async (Plotly) => {
        if (cancelled) return;
        const started = performance.now();
        await Plotly.react(div, data, { ...BASE_LAYOUT, height, ...layout }, CONFIG);
        // Tests and the compare bench wait for this: the chart is drawn and answers the mouse.
        if (!cancelled) div.dataset.rendered = 'true';
        performance.measure(`cairn:plot ${testId ?? label}`, { start: started, end: performance.now() });
      })
      .catch((cause: unknown) => {
        if (!cancelled) setError(cause instanceof Error ? cause.message : String(cause));
      });
    return () => {
      cancelled = true;
    };
  }, [data, layout, height]);

  // Purge once, when the element goes away (not between redraws).
  useEffect(() => {
    const div = container.current;
    return () => {
      if (div) void loadPlotly().then((Plotly) => Plotly.purge(div));
    };
  }, []);

  return (
    <figure aria-label={label} style={{ margin: 0 }}>
      <div ref={container} data-testid={testId} data-rendered="false" style={{ width: '100%', minHeight: height }} />
      {error && (
        <figcaption className="error" role="alert">
          Chart failed: {error}
        </figcaption>
      )}
    </figure>
  );
}
