// A run's full metric history as CSV (key, step, timestamp, value), every point, streamed:
// keyset pages over the metric_points primary key (run, key, step, timestamp, value), each
// an index range scan, so a run with millions of points is never held in memory.
import { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { query } from '../../db/sql.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { loadRunFor } from '../runs/load-run-for.ts';
import { encodeStream, safeFilename, type ExportFile } from './export-runs.ts';
import { csvEncoder, type ExportCell } from './table-encoders.ts';

export const HISTORY_EXPORT_PAGE = 20_000;

const historyExportInput = z.object({
  runId: z.string(),
  /** Only these metrics; every metric of the run when left out or empty. */
  keys: z.array(z.string().min(1).max(1000)).max(1000, 'At most 1000 metric keys').nullish(),
});

type PointRow = { key: string; step: string; timestamp: string; value: number };

const PAGE = `
SELECT key, step, timestamp, value FROM metric_points
 WHERE run_id = $1 AND ($2::text[] IS NULL OR key = ANY($2))
   AND ($3::text IS NULL OR (key, step, timestamp, value) > ($3, $4::int8, $5::int8, $6::float8))
 ORDER BY key, step, timestamp, value LIMIT $7`;

export async function exportMetricHistory(principal: Principal, input: z.input<typeof historyExportInput>): Promise<ExportFile> {
  const { runId, keys } = parseInput(historyExportInput, input);
  const run = await loadRunFor(principal, runId, 'export:read');
  const encoder = csvEncoder([
    { name: 'key', type: 'text' },
    { name: 'step', type: 'number' },
    { name: 'timestamp', type: 'number' },
    { name: 'value', type: 'number' },
  ]);
  const onlyKeys = keys && keys.length > 0 ? keys : null;

  async function* pages(): AsyncGenerator<ExportCell[][]> {
    let after: PointRow | null = null;
    do {
      const rows: PointRow[] = await query<PointRow>(PAGE, [
        run.id,
        onlyKeys,
        after?.key ?? null,
        after?.step ?? null,
        after?.timestamp ?? null,
        after?.value ?? null,
        HISTORY_EXPORT_PAGE,
      ]);
      // Steps and timestamps stay exact (int8 as text); values as PostgreSQL prints them.
      yield rows.map((row) => [row.key, row.step, row.timestamp, row.value]);
      after = rows.length === HISTORY_EXPORT_PAGE ? rows[rows.length - 1] : null;
    } while (after);
  }

  return {
    filename: `${safeFilename(run.name)}-metrics.csv`,
    contentType: encoder.contentType,
    body: encodeStream(pages(), encoder),
  };
}
