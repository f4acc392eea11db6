// Metric history for charts (downsampled server-side) and in full, page by page.
import { getMetricHistory, historyPositionAfter } from '../../lib/tracking/run-data/get-metric-history.ts';
import { getMetricHistoryDownsampled, readRunSeries } from '../../lib/tracking/run-data/get-metric-history-downsampled.ts';
import type { GraphQLContext } from '../context.ts';
import type { MetricSeriesModel } from '../mappers.ts';
import { decodeCursor, pageSize, toConnection } from '../pagination.ts';

export const MAX_CHART_POINTS = 10_000;
export const MAX_HISTORY_PAGE = 25_000;

export const metricHistory = {
  async downsampled(context: GraphQLContext, runId: string, key: string, maxPoints: number | null | undefined): Promise<MetricSeriesModel> {
    const limit = pageSize(maxPoints, 1000, MAX_CHART_POINTS);
    const series = await getMetricHistoryDownsampled(context.principal, { runId, key, maxPoints: limit });
    return { runId, key, points: series.points, downsampled: series.downsampled };
  },

  /** Run.metricHistory: the Run was read through an authorized path already. */
  async ofRun(runId: string, key: string, maxPoints: number | null | undefined): Promise<MetricSeriesModel> {
    const series = await readRunSeries(runId, key, pageSize(maxPoints, 1000, MAX_CHART_POINTS));
    return { runId, key, points: series.points, downsampled: series.downsampled };
  },

  async page(context: GraphQLContext, runId: string, key: string, first: number | null | undefined, after: string | null | undefined) {
    const page = await getMetricHistory(context.principal, {
      runId,
      key,
      maxResults: pageSize(first, 1000, MAX_HISTORY_PAGE),
      pageToken: decodeCursor(after),
    });
    // Each edge's cursor is the use case's own page token for "after this point", so a client
    // may resume from any edge, not only from pageInfo.endCursor.
    return toConnection(page.metrics, !!page.nextPageToken, historyPositionAfter);
  },
};
