// Chart series in batch: every (run, key) pair in order, whole when short, downsampled the
// same way as one series alone when long, empty for a metric a run lacks, in a fixed number
// of queries whatever the number of short series; other teams' runs NOT_FOUND.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupSearchProject } from '../../../tests/helpers/analysis-world.ts';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { codeOf } from '../../../tests/helpers/fixtures.ts';
import { countQueriesWithResult as countQueries } from '../../../tests/helpers/count-queries.ts';
import { getMetricHistoryDownsampled } from './get-metric-history-downsampled.ts';
import { logBatch } from './log-batch.ts';
import { flushEvents } from '../../events/publish-event.ts';
import { getMetricSeriesBatch } from './get-metric-series-batch.ts';

setupTestDatabase();
const search = setupSearchProject({ runs: 12, lossSteps: 60 });

// Long series spanning many buckets of every level: dense steps, and sparse far-apart steps with spikes and NaN.
beforeAll(async () => {
  const dense = Array.from({ length: 3000 }, (_, i) => ({ key: 'long', value: Math.sin(i / 50) + (i % 997 === 0 ? 5 : 0), timestamp: BigInt(i), step: BigInt(i) }));
  const sparse = Array.from({ length: 2000 }, (_, i) => ({ key: 'long', value: i % 333 === 0 ? NaN : i % 7, timestamp: BigInt(i), step: BigInt(i * 1500) }));
  for (const [runIndex, points] of [[0, dense], [1, sparse]] as const) {
    for (let i = 0; i < points.length; i += 1000) await logBatch(search.member, { runId: search.runs[runIndex].id, metrics: points.slice(i, i + 1000) });
  }
  // The writes' live events go out a quarter second later as a NOTIFY: send them now, or one
  // lands inside a counted window below.
  await flushEvents();
});

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

  it('downsamples every long series exactly as the single-series reader does, in one statement per kind of read', async () => {
    const runIds = search.runs.map((run) => run.id);
    for (const maxPoints of [4, 10, 31, 400, 2500]) {
      const { result, queries } = await countQueries(() => getMetricSeriesBatch(search.member, { runIds, keys: ['loss', 'accuracy', 'long'], maxPoints }));
      // authorize, outlines, points (short series and short step ranges), buckets (none when no series reads them)
      expect(queries).toBeLessThanOrEqual(4);
      for (const batch of result) {
        const single = await getMetricHistoryDownsampled(search.member, { runId: batch.runId, key: batch.key, maxPoints });
        expect(batch.points, `${batch.key} ${maxPoints}`).toEqual(single.points);
        expect(batch.downsampled).toBe(single.downsampled);
        expect(batch.totalPoints).toBe(single.totalPoints);
      }
    }
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
