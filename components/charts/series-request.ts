// Which series a set of chart panels asks for, and how finely: pure, so that a server page
// can name the same request its client view will make (the compare page's early fetch).
import type { ChartPanel } from '@/lib/tracking/runs-table/view-shapes';

/**
 * Fewer points per line when many lines share a chart (~20k points per chart): a line of a
 * 100-run overlay keeps 200 points, each bucket's min, max and last, which a chart a few
 * hundred pixels wide cannot tell from the whole series; a single run's line keeps 1000.
 */
export function pointsPerSeries(lines: number): number {
  return Math.max(100, Math.min(1000, Math.floor(20_000 / Math.max(1, lines))));
}

/** The metrics whose histories the panels draw (at most 20: the server's limit per request). */
export function chartedMetricKeys(panels: readonly ChartPanel[]): string[] {
  return [...new Set(panels.flatMap((panel) => (panel.kind === 'line' ? [panel.metric] : [])))].slice(0, 20);
}
