// Run data for many runs at once (GraphQL DataLoaders, run lists): one query per kind of
// data whatever the number of runs. No authorization here: callers pass ids of runs they
// already loaded through an authorized path.
import { query } from '../../db/sql.ts';
import type { KeyValue, MetricView } from '../runs/run-view.ts';

function groupByRun<R extends { run_id: string }, T>(runIds: readonly string[], rows: R[], toValue: (row: R) => T): Map<string, T[]> {
  const grouped = new Map<string, T[]>(runIds.map((id) => [id, []]));
  for (const row of rows) grouped.get(row.run_id)?.push(toValue(row));
  return grouped;
}

type KeyValueRow = KeyValue & { run_id: string };
type MetricRow = { run_id: string; key: string; value: number; timestamp: string; step: string };

/** Params per run id (every requested id is present; runs without params map to []). */
export async function loadParamsForRuns(runIds: readonly string[]): Promise<Map<string, KeyValue[]>> {
  const rows = runIds.length
    ? await query<KeyValueRow>('SELECT run_id, key, value FROM params WHERE run_id = ANY($1::bpchar[]) ORDER BY run_id, key', [runIds])
    : [];
  return groupByRun(runIds, rows, (row) => ({ key: row.key, value: row.value }));
}

/** Tags per run id. */
export async function loadTagsForRuns(runIds: readonly string[]): Promise<Map<string, KeyValue[]>> {
  const rows = runIds.length
    ? await query<KeyValueRow>('SELECT run_id, key, value FROM run_tags WHERE run_id = ANY($1::bpchar[]) ORDER BY run_id, key', [runIds])
    : [];
  return groupByRun(runIds, rows, (row) => ({ key: row.key, value: row.value }));
}

/** Latest value of every metric per run id (MLflow's run.data.metrics). */
export async function loadLatestMetricsForRuns(runIds: readonly string[]): Promise<Map<string, MetricView[]>> {
  const rows = runIds.length
    ? await query<MetricRow>(
        'SELECT run_id, key, value, timestamp, step FROM latest_metrics WHERE run_id = ANY($1::bpchar[]) ORDER BY run_id, key',
        [runIds],
      )
    : [];
  return groupByRun(runIds, rows, (row) => ({ key: row.key, value: row.value, timestamp: BigInt(row.timestamp), step: BigInt(row.step) }));
}
