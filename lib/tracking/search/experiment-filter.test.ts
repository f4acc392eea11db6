// Experiment (project) search: the filter's AST and errors, and compileProjectSearch on a
// real PostgreSQL (name/tag/time filters, order_by, view types, keyset pages, tokens).
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { query } from '../../db/sql.ts';
import { compileProjectSearch, parseExperimentFilter, parseExperimentOrderBy, type CompileProjectSearchInput } from './experiment-filter.ts';

setupTestDatabase();

describe('parseExperimentFilter', () => {
  it('reads names, tags and times', () => {
    expect(parseExperimentFilter("name LIKE 'cv-%' and tags.owner = 'ana' AND attributes.creation_time > 5 and tags.`a b` != \"x\"")).toEqual([
      { entity: 'attribute', key: 'name', comparator: 'LIKE', value: 'cv-%' },
      { entity: 'tag', key: 'owner', comparator: '=', value: 'ana' },
      { entity: 'attribute', key: 'creation_time', comparator: '>', value: 5 },
      { entity: 'tag', key: 'a b', comparator: '!=', value: 'x' },
    ]);
  });

  it.each([
    ["name > 'a'", 6, "'>' does not apply to 'name'"],
    ["last_update_time = 'x'", 20, 'compares with a number'],
    ["metrics.acc > 1", 1, "unknown entity type 'metrics'"],
    ["owner = 'x'", 1, "unknown attribute 'owner'"],
    ["name = 'a' or name = 'b'", 12, 'OR is not supported'],
  ])('refuses %j at position %i', (filter, position, fragment) => {
    expect(() => parseExperimentFilter(filter)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: { position }, message: expect.stringContaining(fragment) }),
    );
  });

  it('reads order_by and refuses tags and duplicates', () => {
    expect(parseExperimentOrderBy(['name DESC', 'experiment_id'])).toEqual([
      { key: 'name', descending: true },
      { key: 'experiment_id', descending: false },
    ]);
    expect(() => parseExperimentOrderBy(['tags.x'])).toThrow(/attributes, not tags/);
    expect(() => parseExperimentOrderBy(['name', 'name DESC'])).toThrow(/duplicate/);
  });
});

describe('compileProjectSearch', () => {
  const names: string[] = [];
  const idByName = new Map<string, bigint>();

  beforeAll(async () => {
    await query(`INSERT INTO teams (id, slug, name, updated_at) VALUES ('t1', 't1', 'T1', now()), ('t2', 't2', 'T2', now())`);
    for (let i = 0; i < 7; i++) {
      const name = i % 2 === 0 ? `cv-${i}` : `nlp-${i}`;
      names.push(name);
      // Two projects share a creation time so experiment_id breaks the tie.
      const created = new Date(Date.UTC(2024, 0, 1 + Math.min(i, 5)));
      const [row] = await query<{ id: string }>(
        `INSERT INTO projects (team_id, name, artifact_location, lifecycle_stage, created_at, updated_at)
         VALUES ('t1', $1, 'x', $2::"LifecycleStage", $3, $4) RETURNING id::text`,
        [name, i === 6 ? 'DELETED' : 'ACTIVE', created, new Date(Date.UTC(2024, 5, 10 - i))],
      );
      idByName.set(name, BigInt(row.id));
      await query(`INSERT INTO project_tags (project_id, key, value) VALUES ($1, 'owner', $2)`, [row.id, i < 3 ? 'ana' : 'bob']);
    }
    await query(`INSERT INTO projects (team_id, name, artifact_location, updated_at) VALUES ('t2', 'cv-other-team', 'x', now())`);
  });

  async function run(input: Partial<CompileProjectSearchInput>) {
    const compiled = compileProjectSearch({ teamId: 't1', maxResults: 100, ...input });
    return compiled.readResult(await query(compiled.text, compiled.values));
  }
  const namesOf = (ids: bigint[]) => ids.map((id) => [...idByName].find(([, v]) => v === id)?.[0]);

  it('filters by name, tags and times within the team and view type', async () => {
    expect(namesOf((await run({ filter: "name LIKE 'cv%'" })).projectIds).sort()).toEqual(['cv-0', 'cv-2', 'cv-4']);
    expect(namesOf((await run({ filter: "name ILIKE 'CV%'", viewType: 'ALL' })).projectIds).sort()).toEqual(['cv-0', 'cv-2', 'cv-4', 'cv-6']);
    expect(namesOf((await run({ viewType: 'DELETED_ONLY' })).projectIds)).toEqual(['cv-6']);
    expect(namesOf((await run({ filter: "tags.owner = 'ana' and name != 'cv-0'" })).projectIds).sort()).toEqual(['cv-2', 'nlp-1']);
    const jan3 = Date.UTC(2024, 0, 3);
    expect(namesOf((await run({ filter: `creation_time >= ${jan3}` })).projectIds).sort()).toEqual(['cv-2', 'cv-4', 'nlp-3', 'nlp-5']);
    expect(namesOf((await run({ filter: `last_update_time > ${Date.UTC(2024, 5, 8)}` })).projectIds).sort()).toEqual(['cv-0', 'nlp-1']);
    expect((await run({ filter: "name = 'x'' OR ''1''=''1'" })).projectIds).toEqual([]);
  });

  it('orders by creation_time DESC then experiment_id by default, or as asked', async () => {
    const byDefault = namesOf((await run({})).projectIds);
    expect(byDefault).toEqual(['nlp-5', 'cv-4', 'nlp-3', 'cv-2', 'nlp-1', 'cv-0']);
    expect(namesOf((await run({ orderBy: ['name'] })).projectIds)).toEqual([...byDefault].sort((a, b) => (a! < b! ? -1 : 1)));
    expect(namesOf((await run({ orderBy: ['last_update_time ASC'] })).projectIds)).toEqual(['nlp-5', 'cv-4', 'nlp-3', 'cv-2', 'nlp-1', 'cv-0']);
  });

  it('pages with tokens bound to the search', async () => {
    const whole = (await run({ viewType: 'ALL', orderBy: ['creation_time'] })).projectIds;
    const seen: bigint[] = [];
    let pageToken: string | undefined;
    do {
      const page = await run({ viewType: 'ALL', orderBy: ['creation_time'], maxResults: 2, pageToken });
      seen.push(...page.projectIds);
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(whole);
    expect(whole).toHaveLength(7);
    const first = await run({ orderBy: ['name'], maxResults: 1 });
    await expect(run({ orderBy: ['name DESC'], pageToken: first.nextPageToken })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
