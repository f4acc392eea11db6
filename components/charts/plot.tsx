'use client';
// A Plotly chart without react-plotly.js: plotly touches `window` when it loads, so it is
// imported in the browser only, redrawn with Plotly.react on every change and purged on
// unmount. Nothing is fetched from the network (no CDN, fonts or map tiles).
//
// Two of plotly's own bundles: the basic one (scatter, bar, pie: every line, scatter and bar
// panel) is a quarter of the full one's 4.8 MB, so pages parse and run far less script before
// their first chart. The basic one is a script of its own that the pages with charts name in
// their HTML (<PlotlyScript />, lib/runtime/publish-plotly-script.ts says why), so loading it
// here is waiting for that script; the full bundle loads only for a chart that needs another trace type
// (parallel coordinates), and such a chart can wait until it is about to scroll into view
// (`lazy`): parcoords draws with WebGL, which costs about a second of main thread for 100 runs
// where the GPU is software (as in headless Chromium here). The full bundle is plotly's
// "strict" build: the regular one compiles its WebGL code with `new Function` (regl), which the
// pages' Content-Security-Policy (no 'unsafe-eval') refuses, and parcoords then showed
// "WebGL is not supported" instead of the chart.
import { useEffect, useRef, useState } from 'react';
import type { Config, Data, Layout } from 'plotly.js-dist-min';
import { PLOTLY_SCRIPT_ID } from './plotly-script-id';

type PlotlyModule = typeof import('plotly.js-dist-min').default;
type Bundle = 'basic' | 'full';

const CONFIG: Partial<Config> = { responsive: true, displaylogo: false };
/** The trace types of plotly.js-basic-dist-min. */
const BASIC_TRACES = new Set(['scatter', 'bar', 'pie']);

/** Shared look: the page's own font, tight margins, no plotly branding. */
export const BASE_LAYOUT: Partial<Layout> = {
  font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size: 12 },
  margin: { l: 56, r: 16, t: 32, b: 44 },
  paper_bgcolor: '#ffffff',
  plot_bgcolor: '#ffffff',
};

const modules: Partial<Record<Bundle, Promise<PlotlyModule>>> = {};
const asModule = (mod: { default?: unknown }) => (mod.default ?? mod) as PlotlyModule;

/** Plotly's basic bundle, from the page's own <PlotlyScript /> tag, or plotly's full bundle. */
function loadPlotly(bundle: Bundle = 'basic'): Promise<PlotlyModule> {
  modules[bundle] ??= bundle === 'basic' ? fromPlotlyScript() : import('plotly.js-strict-dist-min').then(asModule);
  return modules[bundle];
}

/** Waits for the page's plotly script (which sets `window.Plotly`) unless it has run already. */
function fromPlotlyScript(): Promise<PlotlyModule> {
  const global = window as unknown as { Plotly?: PlotlyModule };
  if (global.Plotly) return Promise.resolve(global.Plotly);
  const script = document.getElementById(PLOTLY_SCRIPT_ID);
  // A page with charts that does not render <PlotlyScript />: its charts say so.
  if (!script) return Promise.reject(new Error('this page does not load plotly (<PlotlyScript /> is missing)'));
  return new Promise((resolve, reject) => {
    script.addEventListener('load', () => (global.Plotly ? resolve(global.Plotly) : reject(new Error('plotly did not start'))));
    script.addEventListener('error', () => reject(new Error('plotly could not be loaded')));
  });
}

function bundleFor(data: readonly Data[]): Bundle {
  return data.every((trace) => BASIC_TRACES.has(trace.type ?? 'scatter')) ? 'basic' : 'full';
}

export type PlotProps = {
  data: Data[];
  layout?: Partial<Layout>;
  /** Accessible name of the chart (screen readers get no picture). */
  label: string;
  height?: number;
  testId?: string;
  /** Draw only once the chart is within 200 px of the viewport (`data-rendered="deferred"` until then). */
  lazy?: boolean;
};

export function Plot({ data, layout, label, height = 300, testId, lazy = false }: PlotProps) {
  const container = useRef<HTMLDivElement>(null);
  const drawnWith = useRef<Promise<PlotlyModule> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [near, setNear] = useState(!lazy);

  useEffect(() => {
    const div = container.current;
    if (near || !div) return;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && setNear(true), { rootMargin: '0px 0px 200px 0px' });
    observer.observe(div);
    return () => observer.disconnect();
  }, [near]);

  useEffect(() => {
    let cancelled = false;
    const div = container.current;
    if (!div) return;
    if (!near) {
      div.dataset.rendered = 'deferred';
      return;
    }
    div.dataset.rendered = 'false';
    const plotly = loadPlotly(bundleFor(data));
    drawnWith.current = plotly;
    plotly
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
  }, [data, layout, height, near]);

  // Purge once, when the element goes away (not between redraws), with the bundle that drew it.
  useEffect(() => {
    const div = container.current;
    return () => {
      if (div && drawnWith.current) void drawnWith.current.then((Plotly) => Plotly.purge(div));
    };
  }, []);

  return (
    <figure aria-label={label} style={{ margin: 0 }}>
      <div ref={container} data-testid={testId} data-rendered={lazy ? 'deferred' : 'false'} style={{ width: '100%', minHeight: height }} />
      {error && (
        <figcaption className="error" role="alert">
          Chart failed: {error}
        </figcaption>
      )}
    </figure>
  );
}
