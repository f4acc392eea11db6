// Chart series in batch: every (run, key) pair in order, whole when short, downsampled the
// same way as one series alone when long, empty for a metric a run lacks, in a fixed number
// of queries whatever the number of short series; other teams' runs NOT_FOUND.
import { describe, expect, it } from 'vitest';
import { setupSearchProject } from '../../../tests/helpers/analysis-world.ts';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { codeOf } from '../../../tests/helpers/fixtures.ts';
import { countQueries } from '../../../tests/helpers/count-queries.ts';
import { getMetricHistoryDownsampled } from './get-metric-history-downsampled.ts';
import { getMetricSeriesBatch } from './get-metric-series-batch.ts';

setupTestDatabase();
const search = setupSearchProject({ runs: 12, lossSteps: 60 });

describe('getMetricSeriesBatch', () => {
  it('answers every pair in order, whole series in a fixed number of queries', async () => {
    const runIds = search.runs.map((run) => run.id);
    const { result, queries } = await countQueries(() => getMetricSeriesBatch(search.member, { runIds, keys: ['loss', 'accuracy', 'missing'], maxPoints: 100 }));
    expect(result.map((s) => [s.runId, s.key])).toEqual(runIds.flatMap((id) => [[id, 'loss'], [id, 'accuracy'], [id, 'missing']]));
    const loss = result[0];
    expect(loss.points.map((p) => Number(p.step))).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(loss.downsampled).toBe(false);
    expect(result[1].points).toHaveLength(1);
    expect(result[2]).toMatchObject({ points: [], downsampled: false, totalPoints: 0 });
    expect(queries).toBe(3);
  });

  it('downsamples long series exactly as the single-series reader does', async () => {
    const runId = search.runs[3].id;
    const [batch] = await getMetricSeriesBatch(search.member, { runIds: [runId], keys: ['loss'], maxPoints: 10 });
    const single = await getMetricHistoryDownsampled(search.member, { runId, key: 'loss', maxPoints: 10 });
    expect(batch.downsampled).toBe(true);
    expect(batch.points).toEqual(single.points);
  });

  it('refuses other teams, too many runs or keys, and empty lists', async () => {
    const runIds = [search.runs[0].id];
    expect(await codeOf(getMetricSeriesBatch(search.outsider, { runIds, keys: ['loss'] }))).toBe('NOT_FOUND');
    expect(await codeOf(getMetricSeriesBatch(search.member, { runIds: [...runIds, 'f'.repeat(32)], keys: ['loss'] }))).toBe('NOT_FOUND');
    expect(await codeOf(getMetricSeriesBatch(search.member, { runIds, keys: [] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(getMetricSeriesBatch(search.member, { runIds, keys: Array.from({ length: 21 }, (_, i) => `k${i}`) }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(getMetricSeriesBatch(search.member, { runIds: Array.from({ length: 101 }, (_, i) => String(i)), keys: ['loss'] }))).toBe('BAD_USER_INPUT');
  });
});
