// Facets of a project's runs: keys with run counts (system tags left out), each metric's
// longest series (1 for metrics logged once), statuses, users and dataset digests; deleted
// runs not counted; another team's project NOT_FOUND.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { codeOf } from '../../../tests/helpers/fixtures.ts';
import { setupSearchProject } from '../../../tests/helpers/analysis-world.ts';
import { deleteRun } from '../runs/delete-run.ts';
import { getRunFacets } from './get-run-facets.ts';

setupTestDatabase();
const search = setupSearchProject({ runs: 12, lossSteps: 40 });
beforeAll(async () => {
  await deleteRun(search.member, { runId: search.runs[11].id });
});

describe('getRunFacets', () => {
  it('counts what the active runs hold', async () => {
    const { member, outsider, projectId, runs } = search;
    const facets = await getRunFacets(member, { projectId });
    const active = runs.slice(0, 11);
    expect(facets.runCount).toBe(11);
    expect(facets.params).toEqual([
      { key: 'batch', runCount: 11 },
      { key: 'lr', runCount: 11 },
      { key: 'optimizer', runCount: active.filter((run) => run.optimizer).length },
    ]);
    expect(facets.metrics).toEqual([
      { key: 'accuracy', runCount: 11, maxPoints: 1 },
      { key: 'fairness', runCount: 11, maxPoints: 1 },
      { key: 'loss', runCount: 11, maxPoints: 40 },
    ]);
    expect(facets.tags).toEqual([{ key: 'team', runCount: 11 }]);
    expect(Object.fromEntries(facets.statuses.map((s) => [s.value, s.runCount]))).toEqual({
      FINISHED: active.filter((run) => run.status === 'FINISHED').length,
      FAILED: active.filter((run) => run.status === 'FAILED').length,
    });
    expect(Object.fromEntries(facets.users.map((u) => [u.value, u.runCount]))).toEqual({ alice: 6, bob: 5 });
    expect(facets.datasets.map((d) => [d.name, d.digest, d.runCount]).sort()).toEqual([
      ['census', 'd0', 6],
      ['census', 'd1', 5],
    ]);
    expect(facets.truncated).toBe(false);
  });

  it("answers NOT_FOUND for another team's project", async () => {
    const { member, outsider, projectId, runs } = search;
    expect(await codeOf(getRunFacets(outsider, { projectId }))).toBe('NOT_FOUND');
    expect(await codeOf(getRunFacets(member, { projectId: 'x' }))).toBe('NOT_FOUND');
  });
});
