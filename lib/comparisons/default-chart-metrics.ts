// Which metric histories a comparison charts before anyone picks its charts: the metrics some
// run logged past step 0 (a metric logged once is a bar, not a line), first few by key. The
// compareRuns request sends these series along (RunComparison.histories) and the view's
// default panels draw the same ones (components/charts/panels/default-panels.ts); were the two
// ever to differ, the view would only fetch the missing series itself.

/** Line charts a view starts with, at most. */
export const DEFAULT_LINE_CHARTS = 6;

export function defaultChartMetrics(metrics: readonly { key: string; steps: readonly (bigint | number | string | null)[] }[]): string[] {
  return metrics
    .filter((metric) => metric.steps.some((step) => step !== null && BigInt(step) > 0n))
    .map((metric) => metric.key)
    .sort()
    .slice(0, DEFAULT_LINE_CHARTS);
}
