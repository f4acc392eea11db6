// Windows of the runs table against a real PostgreSQL: any offset of the ordered matches with
// the total count, the same order as the keyset search (the two page the same query), quick
// filters, one group's runs (a value, or the runs without the key), bad input, and another
// team's project as NOT_FOUND.
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { codeOf } from '../../../tests/helpers/fixtures.ts';
import { setupSearchProject } from '../../../tests/helpers/analysis-world.ts';
import { searchRuns } from '../search/search-runs.ts';
import { listRunWindow } from './list-run-window.ts';

setupTestDatabase();
const search = setupSearchProject({ runs: 30 });

describe('listRunWindow', () => {
  it('pages the ordered matches by offset, every run once, with the total', async () => {
    const { member, projectId, runs, world } = search;
    const orderBy = ['metrics.accuracy DESC'];
    const seen: string[] = [];
    for (let offset = 0; offset < 30; offset += 7) {
      const window = await listRunWindow(member, { projectId, orderBy, offset, limit: 7 });
      expect(window.totalCount).toBe(30);
      expect(window.offset).toBe(offset);
      seen.push(...window.runIds);
    }
    expect(seen).toHaveLength(30);
    // The same order as the keyset search, which the export pages through.
    const keyset = await searchRuns(member, { teamId: world.team.id, projectIds: [projectId], orderBy, maxResults: 100 });
    expect(seen).toEqual(keyset.runIds);
    // Best accuracy first; the NaN run last, as MLflow sorts.
    expect(seen[0]).toBe(runs[29].id);
    expect(seen.at(-1)).toBe(runs[5].id);
  });

  it('answers an empty window past the end with the count', async () => {
    const { member, outsider, projectId, runs } = search;
    expect(await listRunWindow(member, { projectId, offset: 500, limit: 10 })).toEqual({ totalCount: 30, offset: 500, runIds: [] });
  });

  it('applies the search filter and the quick filters together', async () => {
    const { member, outsider, projectId, runs } = search;
    const window = await listRunWindow(member, {
      projectId,
      filter: "params.optimizer = 'adam'",
      quick: { statuses: ['FINISHED'], users: ['bob'], datasetDigests: ['d1'] },
      orderBy: ['attributes.start_time ASC'],
      limit: 100,
    });
    const expected = runs.filter((run) => run.optimizer === 'adam' && run.status === 'FINISHED' && run.user === 'bob' && run.index % 2 === 1);
    expect(expected.length).toBeGreaterThan(0);
    expect(window.runIds).toEqual(expected.map((run) => run.id));
    expect(window.totalCount).toBe(expected.length);
  });

  it("lists one group's runs: a value, or the runs without the key", async () => {
    const { member, outsider, projectId, runs } = search;
    const adam = await listRunWindow(member, { projectId, group: { by: 'params.optimizer', value: 'adam' }, limit: 100 });
    expect(new Set(adam.runIds)).toEqual(new Set(runs.filter((run) => run.optimizer === 'adam').map((run) => run.id)));
    const none = await listRunWindow(member, { projectId, group: { by: 'params.optimizer', value: null }, limit: 100 });
    expect(new Set(none.runIds)).toEqual(new Set(runs.filter((run) => run.optimizer === null).map((run) => run.id)));
    const failed = await listRunWindow(member, { projectId, group: { by: 'attributes.status', value: 'FAILED' }, limit: 100 });
    expect(failed.totalCount).toBe(runs.filter((run) => run.status === 'FAILED').length);
  });

  it('refuses bad input with BAD_USER_INPUT', async () => {
    const { member, outsider, projectId, runs } = search;
    for (const input of [
      { projectId, limit: 0 },
      { projectId, limit: 501 },
      { projectId, offset: -1 },
      { projectId, filter: 'metrics.accuracy >' },
      { projectId, orderBy: ['nonsense.x'] },
      { projectId, quick: { statuses: ['DONE' as never] } },
      { projectId, group: { by: 'metrics.accuracy', value: '1' } },
      { projectId: 'not-a-number' },
    ]) {
      expect(await codeOf(listRunWindow(member, input)), JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
  });

  it("answers NOT_FOUND for another team's project and an unknown one", async () => {
    const { member, outsider, projectId, runs } = search;
    expect(await codeOf(listRunWindow(outsider, { projectId }))).toBe('NOT_FOUND');
    expect(await codeOf(listRunWindow(member, { projectId: '999999' }))).toBe('NOT_FOUND');
  });
});
