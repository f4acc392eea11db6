// A run's full metric history as CSV: every point of every metric (or the chosen ones) in
// (key, step, timestamp, value) order, exact int8 steps, NaN kept, across export pages;
// other teams' runs NOT_FOUND.
import { describe, expect, it } from 'vitest';
import { setupSearchProject } from '../../../tests/helpers/analysis-world.ts';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { codeOf } from '../../../tests/helpers/fixtures.ts';
import { logBatch } from '../run-data/log-batch.ts';
import { exportMetricHistory, HISTORY_EXPORT_PAGE } from './export-metric-history.ts';

setupTestDatabase();
const search = setupSearchProject({ runs: 2, lossSteps: 5 });

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('exportMetricHistory', () => {
  it('writes every point of every metric, in key and step order', async () => {
    const { member, runs } = search;
    const file = await exportMetricHistory(member, { runId: runs[1].id });
    expect(file.filename).toBe('trial-001-metrics.csv');
    const lines = (await text(file.body)).trimEnd().split('\n');
    expect(lines[0]).toBe('key,step,timestamp,value');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(':'))).toEqual(['accuracy:0', 'fairness:0', 'loss:0', 'loss:1', 'loss:2', 'loss:3', 'loss:4']);
    expect(lines[3]).toBe('loss,0,1700000060000,0.5');
  });

  it('keeps only the chosen metrics, big steps exactly and NaN as NaN, over many pages', async () => {
    const { member, runs } = search;
    const count = HISTORY_EXPORT_PAGE + 3;
    const points = Array.from({ length: count }, (_, i) => ({ key: 'long', value: i === 7 ? NaN : i, timestamp: 5n, step: 9_007_199_254_740_993n + BigInt(i) }));
    for (let i = 0; i < points.length; i += 1000) await logBatch(member, { runId: runs[0].id, metrics: points.slice(i, i + 1000) });
    const csv = await text((await exportMetricHistory(member, { runId: runs[0].id, keys: ['long'] })).body);
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(count + 1);
    expect(lines[1]).toBe('long,9007199254740993,5,0');
    expect(lines[8]).toBe('long,9007199254741000,5,NaN');
    expect(lines.at(-1)).toBe(`long,${9_007_199_254_740_993n + BigInt(count - 1)},5,${count - 1}`);
  });

  it("answers NOT_FOUND for another team's run and a malformed id", async () => {
    const { member, outsider, runs } = search;
    expect(await codeOf(exportMetricHistory(outsider, { runId: runs[0].id }))).toBe('NOT_FOUND');
    expect(await codeOf(exportMetricHistory(member, { runId: 'nope' }))).toBe('NOT_FOUND');
  });
});
