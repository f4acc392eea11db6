// Which series a set of chart panels asks for, and how finely: pure, so that a server page
// can name the same request its client view will make (the compare page's early fetch).
import type { ChartPanel } from '@/lib/tracking/runs-table/view-shapes';

/**
 * Fewer points per line when many lines share a chart (~10k points per chart): a line of a
 * 100-run overlay keeps 100 points, each group's min, max and last (33 groups), which a tangle
 * of 100 curves a few hundred pixels wide cannot tell from the whole series; 20 runs keep 500,
 * a single run's line 1000. Plotly's drawing grows with the points: at 200 a line, the
 * 100-run compare page took ~0.5 s longer to draw (bench/compare-page.bench.ts).
 */
export function pointsPerSeries(lines: number): number {
  return Math.max(100, Math.min(1000, Math.floor(10_000 / Math.max(1, lines))));
}

/** The metrics whose histories the panels draw (at most 20: the server's limit per request). */
export function chartedMetricKeys(panels: readonly ChartPanel[]): string[] {
  return [...new Set(panels.flatMap((panel) => (panel.kind === 'line' ? [panel.metric] : [])))].slice(0, 20);
}
