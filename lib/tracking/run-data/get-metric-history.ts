// A metric's full history, page by page (MLflow metrics/get-history; GraphQL's full-fidelity
// mode). Keyset paging on the metric_points primary key: every page is an index range scan,
// however deep, and the token is opaque to clients.
import { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { query } from '../../db/sql.ts';
import { badInput } from '../../errors.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { loadRunFor } from '../runs/load-run-for.ts';
import type { MetricView } from '../runs/run-view.ts';

export { getMetricHistoriesDownsampled, getMetricHistoryDownsampled } from './get-metric-history-downsampled.ts';

/** MLflow's GET_METRIC_HISTORY_MAX_RESULTS: its clients page with this size. */
export const MAX_HISTORY_PAGE = 25_000;

export type MetricHistoryPage = { metrics: MetricView[]; nextPageToken?: string };

const historyInput = z.object({
  runId: z.string(),
  key: z.string().min(1, "Missing value for required parameter 'metric_key'."),
  maxResults: z
    .number()
    .int()
    .min(1, 'max_results must be at least 1')
    .nullish()
    .transform((n) => Math.min(n ?? MAX_HISTORY_PAGE, MAX_HISTORY_PAGE)),
  pageToken: z.string().nullish(),
});

export type MetricHistoryInput = z.input<typeof historyInput>;

// Points in (step, timestamp, value) order: the primary key's order, so a page is a range
// scan. MLflow's SQL store sorts by timestamp first; for series logged as training runs do
// (steps and timestamps rising together) both orders agree.
type Position = { step: bigint; timestamp: bigint; value: number };

/** The token that resumes right after `point` (exported for cursors of single points). */
export function historyPositionAfter(point: Position): string {
  const text = JSON.stringify([point.step.toString(), point.timestamp.toString(), String(point.value)]);
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parsePageToken(token: string): Position {
  try {
    const [step, timestamp, value] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as string[];
    const position = { step: BigInt(step), timestamp: BigInt(timestamp), value: Number(value) };
    if (typeof value === 'string' && (value === 'NaN' || !Number.isNaN(position.value))) return position;
  } catch {
    // fall through: anything we did not hand out is a bad token
  }
  throw badInput(`Invalid page token '${token.slice(0, 100)}'`);
}

type PointRow = { step: string; timestamp: string; value: number };

const FIRST_PAGE = `
SELECT step, timestamp, value FROM metric_points
 WHERE run_id = $1 AND key = $2
 ORDER BY step, timestamp, value LIMIT $3`;

const NEXT_PAGE = `
SELECT step, timestamp, value FROM metric_points
 WHERE run_id = $1 AND key = $2 AND (step, timestamp, value) > ($4::int8, $5::int8, $6::float8)
 ORDER BY step, timestamp, value LIMIT $3`;

export function toMetricView(key: string, row: PointRow): MetricView {
  return { key, value: row.value, timestamp: BigInt(row.timestamp), step: BigInt(row.step) };
}

/** One page of a run's metric series; `nextPageToken` when more points follow. */
export async function getMetricHistory(principal: Principal, input: MetricHistoryInput): Promise<MetricHistoryPage> {
  const { runId, key, maxResults, pageToken } = parseInput(historyInput, input);
  const run = await loadRunFor(principal, runId, 'team:read');
  const after = pageToken ? parsePageToken(pageToken) : null;
  const rows = after
    ? await query<PointRow>(NEXT_PAGE, [run.id, key, maxResults + 1, after.step.toString(), after.timestamp.toString(), after.value])
    : await query<PointRow>(FIRST_PAGE, [run.id, key, maxResults + 1]);
  const metrics = rows.slice(0, maxResults).map((row) => toMetricView(key, row));
  return rows.length > maxResults ? { metrics, nextPageToken: historyPositionAfter(metrics.at(-1)!) } : { metrics };
}
