// Grouping in SQL: each group's run count and the min, max and mean of chosen metrics over
// its runs (NaN left out), compared with the same numbers computed here from the seed;
// groups honour the table's filter; the runs without the key form their own group.
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { codeOf } from '../../../tests/helpers/fixtures.ts';
import { setupSearchProject, type SeededRun } from '../../../tests/helpers/analysis-world.ts';
import { groupRuns } from './group-runs.ts';

setupTestDatabase();
const search = setupSearchProject({ runs: 24 });

function expectedGroup(members: SeededRun[]) {
  const finite = members.map((run) => run.accuracy).filter(Number.isFinite);
  return {
    runCount: members.length,
    accuracy: { count: finite.length, min: Math.min(...finite), max: Math.max(...finite), mean: finite.reduce((a, b) => a + b, 0) / finite.length },
  };
}

describe('groupRuns', () => {
  it('groups by a param with aggregates of the chosen metrics, the runs without it as a null group', async () => {
    const { member, outsider, projectId, runs } = search;
    const result = await groupRuns(member, { projectId, by: 'params.optimizer', metricKeys: ['accuracy', 'fairness'] });
    expect(result.totalCount).toBe(4);
    expect(result.truncated).toBe(false);
    for (const value of ['sgd', 'adam', 'rmsprop', null]) {
      const group = result.groups.find((g) => g.value === value)!;
      const expected = expectedGroup(runs.filter((run) => run.optimizer === value));
      expect(group.runCount, String(value)).toBe(expected.runCount);
      const accuracy = group.metrics.find((m) => m.key === 'accuracy')!;
      expect(accuracy.count).toBe(expected.accuracy.count);
      expect(accuracy.min).toBeCloseTo(expected.accuracy.min, 12);
      expect(accuracy.max).toBeCloseTo(expected.accuracy.max, 12);
      expect(accuracy.mean).toBeCloseTo(expected.accuracy.mean, 12);
      expect(group.metrics.map((m) => m.key)).toEqual(['accuracy', 'fairness']);
    }
    // Largest groups first.
    const counts = result.groups.map((g) => g.runCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('groups only the runs the filter and quick filters keep', async () => {
    const { member, outsider, projectId, runs } = search;
    const result = await groupRuns(member, { projectId, by: 'attributes.user_id', filter: 'metrics.fairness < 0.895', quick: { statuses: ['FINISHED'] } });
    const kept = runs.filter((run) => 0.9 - run.index / 2000 < 0.895 && run.status === 'FINISHED');
    expect(Object.fromEntries(result.groups.map((g) => [g.value, g.runCount]))).toEqual({
      alice: kept.filter((run) => run.user === 'alice').length,
      bob: kept.filter((run) => run.user === 'bob').length,
    });
    expect(result.groups.every((g) => g.metrics.length === 0)).toBe(true);
  });

  it('groups by a tag', async () => {
    const { member, outsider, projectId, runs } = search;
    const result = await groupRuns(member, { projectId, by: 'tags.team' });
    expect(result.groups).toEqual([{ value: 'vision', runCount: 24, metrics: [] }]);
  });

  it('refuses what cannot be grouped by, and other teams', async () => {
    const { member, outsider, projectId, runs } = search;
    expect(await codeOf(groupRuns(member, { projectId, by: 'metrics.accuracy' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(groupRuns(member, { projectId, by: 'attributes.start_time' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(groupRuns(member, { projectId, by: '' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(groupRuns(outsider, { projectId, by: 'params.optimizer' }))).toBe('NOT_FOUND');
  });
});
