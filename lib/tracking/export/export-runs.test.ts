// Exports of the runs table against a real PostgreSQL, read back with real readers: CSV
// (quoting, formula escaping, NaN, times as ISO 8601) and Parquet (hyparquet: typed columns,
// one row group per page), in the table's order and filter, across several export pages,
// streamed page by page; bad input and other teams refused before the first byte.
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { setupSearchProject } from '../../../tests/helpers/analysis-world.ts';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { codeOf } from '../../../tests/helpers/fixtures.ts';
import { pool } from '../../db/client.ts';
import { logBatch } from '../run-data/log-batch.ts';
import { EXPORT_PAGE_SIZE, exportRuns } from './export-runs.ts';

setupTestDatabase();
const search = setupSearchProject({ runs: 20 });

/** The stream's bytes (as text and as an ArrayBuffer for hyparquet) and how many chunks it came in. */
async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Uint8Array; buffer: ArrayBuffer; chunks: number }> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  const buffer = new ArrayBuffer(chunks.reduce((n, c) => n + c.length, 0));
  const bytes = new Uint8Array(buffer);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes, buffer, chunks: chunks.length };
}

const columns = ['attributes.run_name', 'attributes.status', 'attributes.start_time', 'attributes.duration', 'params.optimizer', 'params.lr', 'metrics.accuracy', 'tags.team'];

describe('exportRuns', () => {
  it('writes the filtered, ordered table as CSV with MLflow DataFrame column names', async () => {
    const { member, projectId, runs } = search;
    // A param that looks like a formula is escaped; a negative number logged as text is not.
    await logBatch(member, { runId: runs[0].id, params: [{ key: 'note', value: '=HYPERLINK("x")' }, { key: 'shift', value: '-0.5' }] });
    const file = await exportRuns(member, {
      projectId,
      format: 'csv',
      columns: [...columns, 'params.note', 'params.shift'],
      filter: "params.optimizer != 'adam'",
      orderBy: ['metrics.accuracy DESC'],
    });
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.filename).toMatch(/^search-.*-runs\.csv$/);
    const lines = new TextDecoder().decode((await bytesOf(file.body)).bytes).trimEnd().split('\n');
    expect(lines[0]).toBe('run_id,run_name,status,start_time,duration,params.optimizer,params.lr,metrics.accuracy,tags.team,params.note,params.shift');
    const kept = runs.filter((run) => run.optimizer !== 'adam' && run.optimizer !== null);
    const order = [...kept].sort((a, b) => (Number.isNaN(a.accuracy) ? 1 : Number.isNaN(b.accuracy) ? -1 : b.accuracy - a.accuracy));
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(order.map((run) => run.id));
    const first = lines.find((line) => line.startsWith(runs[0].id))!;
    expect(first).toContain(`,trial-000,FINISHED,2023-11-14T22:13:20.000Z,30,sgd,0.1,0.5,vision,"'=HYPERLINK(""x"")",-0.5`);
    expect(lines.find((line) => line.startsWith(runs[4].id))).toBeUndefined(); // adam
  });

  it('writes Parquet that pandas-style readers read back with typed columns', async () => {
    const { member, projectId, runs } = search;
    const file = await exportRuns(member, {
      projectId,
      format: 'parquet',
      columns: [...columns, 'attributes.user_id', 'attributes.code_version', 'attributes.datasets'],
      orderBy: ['attributes.start_time ASC'],
    });
    expect(file.contentType).toBe('application/vnd.apache.parquet');
    const { buffer } = await bytesOf(file.body);
    const rows = (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[];
    expect(rows).toHaveLength(20);
    expect(rows.map((row) => row.run_id)).toEqual(runs.map((run) => run.id));
    expect(rows[5]['metrics.accuracy']).toBeNaN();
    expect(rows[3]).toMatchObject({ run_name: 'trial-003', status: 'FINISHED', 'params.optimizer': 'sgd', 'params.lr': String(0.1 / 4), 'metrics.accuracy': 0.503, 'tags.team': 'vision', duration: 30 });
    expect(rows[3].start_time).toEqual(new Date(1_700_000_000_000 + 3 * 60_000));
    expect(rows[3]).toMatchObject({ user_id: 'bob', code_version: 'c0', datasets: 'census@d1' });
    expect(rows[9]['params.optimizer']).toBeNull();
    const schema = parquetMetadata(buffer).schema.map((element) => [element.name, element.type]);
    expect(schema).toContainEqual(['metrics.accuracy', 'DOUBLE']);
    expect(schema).toContainEqual(['start_time', 'INT64']);
  });

  it('streams page by page: one chunk and one Parquet row group per page, every run once in order', async () => {
    const { member, projectId, runs } = search;
    expect(EXPORT_PAGE_SIZE).toBe(1000);
    const csv = await exportRuns(member, { projectId, format: 'csv', columns: [], orderBy: ['params.lr ASC'], pageSize: 6 });
    const read = await bytesOf(csv.body);
    expect(read.chunks).toBe(4);
    const ids = new TextDecoder().decode(read.bytes).trimEnd().split('\n').slice(1);
    expect(ids).toHaveLength(20);
    expect(new Set(ids)).toEqual(new Set(runs.map((run) => run.id)));
    const parquet = await exportRuns(member, { projectId, format: 'parquet', columns: ['params.lr'], orderBy: ['params.lr ASC'], pageSize: 6 });
    const { buffer } = await bytesOf(parquet.body);
    expect(parquetMetadata(buffer).row_groups.map((group) => Number(group.num_rows))).toEqual([6, 6, 6, 2]);
    expect(((await parquetReadObjects({ file: buffer })) as { run_id: string }[]).map((row) => row.run_id)).toEqual(ids);
  });

  it('gives its connection back when the download is cancelled half-way', async () => {
    const { member, projectId } = search;
    const shared = pool();
    const file = await exportRuns(member, { projectId, format: 'csv', columns: ['params.lr'], pageSize: 5 });
    const reader = file.body.getReader();
    expect((await reader.read()).done).toBe(false);
    expect(shared.totalCount - shared.idleCount).toBeGreaterThan(0); // the cursor holds one
    await reader.cancel();
    expect(shared.totalCount - shared.idleCount).toBe(0);
  });

  it('writes the header even when nothing matches', async () => {
    const { member, projectId } = search;
    const csv = await exportRuns(member, { projectId, format: 'csv', columns: ['params.lr'], filter: "params.lr = 'none'" });
    expect(new TextDecoder().decode((await bytesOf(csv.body)).bytes)).toBe('run_id,params.lr\n');
    const parquet = await exportRuns(member, { projectId, format: 'parquet', columns: ['params.lr'], filter: "params.lr = 'none'" });
    const { buffer } = await bytesOf(parquet.body);
    expect(await parquetReadObjects({ file: buffer })).toEqual([]);
  });

  it('refuses bad input and other teams before the first byte', async () => {
    const { member, outsider, projectId } = search;
    expect(await codeOf(exportRuns(member, { projectId, format: 'xlsx' as never }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(exportRuns(member, { projectId, format: 'csv', columns: ['lr'] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(exportRuns(member, { projectId, format: 'csv', filter: 'metrics.x >' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(exportRuns(outsider, { projectId, format: 'csv' }))).toBe('NOT_FOUND');
  });
});
