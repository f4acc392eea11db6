// searchRuns against a real PostgreSQL: every entity type, LIKE/ILIKE, IN, NaN and missing
// values last in both directions (checked against a reference sort), view types, keyset
// pages that return every run exactly once, page token checks, scope and authorization,
// injection attempts that stay data, and one SQL query per search.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import type { UserPrincipal } from '../../authz/index.ts';
import { pool } from '../../db/client.ts';
import { query } from '../../db/sql.ts';
import { searchRuns, type SearchRunsInput } from './search-runs.ts';

setupTestDatabase();

type RunSeed = {
  id: string;
  project: 'p1' | 'p2';
  name: string;
  status?: string;
  startTime: number;
  endTime?: number | null;
  deleted?: boolean;
  metrics?: Record<string, number>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  inputs?: { name: string; digest: string; context: string | null }[];
};

let teamA: string;
let teamB: string;
let p1: string;
let p2: string;
let otherTeamProject: string;
let viewer: UserPrincipal;
let outsider: UserPrincipal;
const runs: RunSeed[] = [];

const runId = (n: number) => n.toString(16).padStart(32, '0');

async function insertRuns(seeds: RunSeed[], projectIds: Record<string, string>, teamId: string, authorId: string) {
  for (const run of seeds) {
    await query(
      `INSERT INTO runs (id, project_id, team_id, name, status, start_time, end_time, author_id, artifact_uri, lifecycle_stage, updated_at)
       VALUES ($1, $2, $3, $4, $5::"RunStatus", $6, $7, $8, $9, $10::"LifecycleStage", now())`,
      [run.id, projectIds[run.project], teamId, run.name, run.status ?? 'FINISHED', run.startTime, run.endTime ?? null, authorId, `mlflow-artifacts:/${run.id}`, run.deleted ? 'DELETED' : 'ACTIVE'],
    );
    for (const [key, value] of Object.entries(run.metrics ?? {})) {
      await query(`INSERT INTO latest_metrics (run_id, key, step, timestamp, value) VALUES ($1, $2, 0, 0, $3::float8)`, [run.id, key, String(value)]);
    }
    for (const [key, value] of Object.entries(run.params ?? {})) {
      await query(`INSERT INTO params (run_id, key, value) VALUES ($1, $2, $3)`, [run.id, key, value]);
    }
    for (const [key, value] of Object.entries(run.tags ?? {})) {
      await query(`INSERT INTO run_tags (run_id, key, value) VALUES ($1, $2, $3)`, [run.id, key, value]);
    }
    for (const input of run.inputs ?? []) {
      const [dataset] = await query<{ id: string }>(
        `INSERT INTO datasets (id, team_id, name, digest, source_type, source) VALUES (md5(random()::text), $1, $2, $3, 'local', 'x')
         ON CONFLICT (team_id, name, digest) DO UPDATE SET source = EXCLUDED.source RETURNING id`,
        [teamId, input.name, input.digest],
      );
      await query(`INSERT INTO run_inputs (id, run_id, dataset_id, context) VALUES (md5(random()::text), $1, $2, $3)`, [run.id, dataset.id, input.context]);
    }
  }
}

// A deterministic spread of values: duplicates, NaN, ±Infinity and missing keys.
const accValues = [0.5, 0.91, Number.NaN, 0.95, undefined, 0.91, Infinity, -Infinity, 0.2, Number.NaN, undefined, 0.99, 0.5, 0.75];
const lrValues = ['0.01', '0.1', undefined, '0.01', '0.001', '0.1', '0.01', undefined, '0.3', '0.01', '0.001', '0.01', '0.2', '0.01'];

beforeAll(async () => {
  const [ana] = await query<{ id: string }>(`INSERT INTO users (id, email, updated_at) VALUES ('u-ana', 'ana@example.com', now()) RETURNING id`);
  await query(`INSERT INTO teams (id, slug, name, updated_at) VALUES ('team-a', 'a', 'A', now()), ('team-b', 'b', 'B', now())`);
  teamA = 'team-a';
  teamB = 'team-b';
  const projects = await query<{ id: string; name: string }>(
    `INSERT INTO projects (team_id, name, artifact_location, updated_at) VALUES
       ('team-a', 'p1', 'x', now()), ('team-a', 'p2', 'x', now()), ('team-b', 'q', 'x', now()) RETURNING id::text, name`,
  );
  [p1, p2, otherTeamProject] = projects.map((p) => p.id);
  viewer = { kind: 'user', userId: ana.id, email: 'ana@example.com', isInstanceAdmin: false, memberships: new Map([[teamA, 'VIEWER']]) };
  outsider = { kind: 'user', userId: 'u-out', email: 'out@example.com', isInstanceAdmin: false, memberships: new Map([[teamB, 'OWNER']]) };

  accValues.forEach((acc, i) => {
    const lr = lrValues[i];
    runs.push({
      id: runId(i + 1),
      project: 'p1',
      name: `run-${String(i + 1).padStart(2, '0')}`,
      status: i % 3 === 0 ? 'FAILED' : 'FINISHED',
      // Some start times collide so the id tie-breaker matters.
      startTime: 1_000 + Math.floor(i / 2) * 10,
      endTime: i % 4 === 0 ? null : 2_000 + i,
      metrics: { ...(acc === undefined ? {} : { acc }), loss: 1 - i / 20 },
      params: lr === undefined ? {} : { lr },
      tags: i % 2 === 0 ? { team: i % 4 === 0 ? 'cv-core' : 'CV-edge', 'my tag': `v${i % 3}` } : { team: 'nlp' },
    });
  });
  runs.push(
    {
      id: runId(100),
      project: 'p2',
      name: 'other-project',
      startTime: 5_000,
      metrics: { acc: 0.97 },
      params: { lr: '0.01' },
      tags: { 'mlflow.user': 'bob' },
      inputs: [
        { name: 'mnist', digest: 'd-1', context: 'training' },
        { name: 'mnist-eval', digest: 'd-2', context: 'eval' },
      ],
    },
    { id: runId(101), project: 'p1', name: 'deleted-run', startTime: 6_000, deleted: true, metrics: { acc: 0.98 }, params: { lr: '0.01' } },
  );
  await insertRuns(runs, { p1, p2 }, teamA, ana.id);
  await insertRuns(
    [{ id: runId(200), project: 'p1', name: 'team-b-run', startTime: 9_000, metrics: { acc: 0.99 }, params: { lr: '0.01' } }],
    { p1: otherTeamProject },
    teamB,
    ana.id,
  );
});

const search = (input: Partial<SearchRunsInput>) => searchRuns(viewer, { teamId: teamA, projectIds: [p1, p2], ...input });
const ids = async (input: Partial<SearchRunsInput>) => (await search(input)).runIds;
const activeRuns = () => runs.filter((run) => !run.deleted);

/** MLflow's order: each clause with NaN then missing last; then start_time DESC, run id. */
function referenceOrder(candidates: RunSeed[], order: { get: (run: RunSeed) => number | string | undefined; descending: boolean }[]): string[] {
  const rank = (value: number | string | undefined) => (value === undefined ? 2 : typeof value === 'number' && Number.isNaN(value) ? 1 : 0);
  const compare = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...candidates]
    .sort((a, b) => {
      for (const { get, descending } of order) {
        const va = get(a);
        const vb = get(b);
        const byRank = rank(va) - rank(vb);
        if (byRank !== 0) return byRank;
        if (rank(va) === 0) {
          const byValue = compare(va!, vb!) * (descending ? -1 : 1);
          if (byValue !== 0) return byValue;
        }
      }
      return b.startTime - a.startTime || compare(a.id, b.id);
    })
    .map((run) => run.id);
}

describe('searchRuns filters', () => {
  it('filters on metrics with IEEE NaN semantics (NaN > x is false, NaN != x is true)', async () => {
    const expected = activeRuns().filter((run) => (run.metrics?.acc ?? Number.NaN) > 0.9).map((run) => run.id);
    expect((await ids({ filter: 'metrics.acc > 0.9' })).sort()).toEqual(expected.sort());
    expect(await ids({ filter: 'metrics.acc >= 1e308' })).toEqual([runId(7)]);
    const notHalf = activeRuns().filter((run) => run.metrics && 'acc' in run.metrics && run.metrics.acc !== 0.5);
    expect((await ids({ filter: 'metrics.acc != 0.5' })).sort()).toEqual(notHalf.map((run) => run.id).sort());
    expect(await ids({ filter: 'metrics.acc < -1e308' })).toEqual([runId(8)]);
  });

  it('filters on params and tags with =, !=, LIKE and ILIKE; a missing key never matches', async () => {
    const withLr = (value: string) => activeRuns().filter((run) => run.params?.lr === value).map((run) => run.id).sort();
    expect((await ids({ filter: "params.lr = '0.01'" })).sort()).toEqual(withLr('0.01'));
    const notLr = activeRuns().filter((run) => run.params?.lr !== undefined && run.params.lr !== '0.01');
    expect((await ids({ filter: "params.lr != '0.01'" })).sort()).toEqual(notLr.map((run) => run.id).sort());
    const cvCase = activeRuns().filter((run) => run.tags?.team?.startsWith('cv'));
    expect((await ids({ filter: "tags.team LIKE 'cv%'" })).sort()).toEqual(cvCase.map((run) => run.id).sort());
    const cvAny = activeRuns().filter((run) => run.tags?.team?.toLowerCase().startsWith('cv'));
    expect((await ids({ filter: "tags.team ILIKE 'cv%'" })).sort()).toEqual(cvAny.map((run) => run.id).sort());
    expect(cvAny.length).toBeGreaterThan(cvCase.length);
    const quotedKey = activeRuns().filter((run) => run.tags?.['my tag'] === 'v1');
    expect((await ids({ filter: "tags.`my tag` = 'v1'" })).sort()).toEqual(quotedKey.map((run) => run.id).sort());
  });

  it('combines clauses with AND', async () => {
    const expected = activeRuns().filter((run) => (run.metrics?.acc ?? Number.NaN) > 0.9 && run.params?.lr === '0.01');
    expect((await ids({ filter: "metrics.acc > 0.9 and params.lr = '0.01'" })).sort()).toEqual(expected.map((run) => run.id).sort());
    expect(expected.length).toBeGreaterThan(0);
  });

  it('filters on attributes: status, run_name, times, run_id lists, user_id, artifact_uri', async () => {
    const failed = activeRuns().filter((run) => run.status === 'FAILED');
    expect((await ids({ filter: "attributes.status = 'FAILED'" })).sort()).toEqual(failed.map((run) => run.id).sort());
    expect(await ids({ filter: "status = 'no-such-status'" })).toEqual([]);
    expect(await ids({ filter: "run_name = 'run-03'" })).toEqual([runId(3)]);
    expect((await ids({ filter: "attributes.run_name ILIKE 'RUN-0%' and status LIKE 'FIN%'" })).length).toBe(
      activeRuns().filter((run) => run.name.startsWith('run-0') && run.status === 'FINISHED').length,
    );
    const late = activeRuns().filter((run) => run.startTime >= 1_050);
    expect((await ids({ filter: 'start_time >= 1050' })).sort()).toEqual(late.map((run) => run.id).sort());
    expect((await ids({ filter: 'created > 1049.5' })).sort()).toEqual(late.map((run) => run.id).sort());
    const ended = activeRuns().filter((run) => run.endTime != null && run.endTime < 2_005);
    expect((await ids({ filter: 'end_time < 2005' })).sort()).toEqual(ended.map((run) => run.id).sort());
    expect((await ids({ filter: `run_id IN ('${runId(2)}', '${runId(5)}', 'nope')` })).sort()).toEqual([runId(2), runId(5)]);
    expect(await ids({ filter: `run_id NOT IN ('${runId(2)}')`, maxResults: 50_000 })).toHaveLength(activeRuns().length - 1);
    expect(await ids({ filter: `run_id = '${runId(4)}'` })).toEqual([runId(4)]);
    // user_id is the mlflow.user tag, else the author's email.
    expect(await ids({ filter: "user_id = 'bob'" })).toEqual([runId(100)]);
    expect(await ids({ filter: "user_id = 'ana@example.com'" })).toHaveLength(activeRuns().length - 1);
    expect(await ids({ filter: `artifact_uri LIKE '%${runId(9)}'` })).toEqual([runId(9)]);
  });

  it('filters on datasets by name, digest and context, with lists', async () => {
    expect(await ids({ filter: "datasets.name = 'mnist'" })).toEqual([runId(100)]);
    expect(await ids({ filter: "datasets.digest IN ('d-2', 'zzz')" })).toEqual([runId(100)]);
    expect(await ids({ filter: "datasets.context = 'eval' and datasets.name LIKE 'mnist%'" })).toEqual([runId(100)]);
    expect(await ids({ filter: "datasets.context NOT IN ('training', 'eval')" })).toEqual([]);
    expect(await ids({ filter: "datasets.name = 'cifar'" })).toEqual([]);
  });

  it('keeps quotes and SQL in values and keys as data', async () => {
    expect(await ids({ filter: "params.lr = '0.01'' OR 1=1 --'" })).toEqual([]);
    expect(await ids({ filter: "params.`lr' OR '1'='1` = '0.01'" })).toEqual([]);
    expect(await ids({ filter: "tags.team = 'x''); DROP TABLE runs; --'" })).toEqual([]);
    expect(await ids({ orderBy: ["params.`lr; DROP TABLE runs` DESC"], maxResults: 1 })).toHaveLength(1);
    const [{ count }] = await query<{ count: string }>('SELECT count(*) FROM runs');
    expect(Number(count)).toBe(runs.length + 1);
  });

  it('refuses malformed filters and order clauses with positions', async () => {
    await expect(search({ filter: 'metrics.val acc > 0.9' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { position: 13 } });
    await expect(search({ orderBy: ['metrics.acc SIDEWAYS'] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(search({ maxResults: 50_001 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(search({ maxResults: 0 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('searchRuns order', () => {
  const acc = (run: RunSeed) => run.metrics?.acc;
  const lr = (run: RunSeed) => run.params?.lr;

  it('defaults to start_time DESC then run id', async () => {
    expect(await ids({})).toEqual(referenceOrder(activeRuns(), []));
  });

  it.each([true, false])('puts NaN then missing metrics last (descending: %s)', async (descending) => {
    const result = await ids({ orderBy: [`metrics.acc ${descending ? 'DESC' : 'ASC'}`] });
    expect(result).toEqual(referenceOrder(activeRuns(), [{ get: acc, descending }]));
    const tail = result.slice(-4).map((id) => acc(runs.find((run) => run.id === id)!));
    expect(tail.slice(0, 2).every((v) => Number.isNaN(v))).toBe(true);
    expect(tail.slice(2)).toEqual([undefined, undefined]);
  });

  it('orders by params, tags and attributes with missing values last', async () => {
    expect(await ids({ orderBy: ['params.lr DESC', 'metrics.acc'] })).toEqual(
      referenceOrder(activeRuns(), [{ get: lr, descending: true }, { get: acc, descending: false }]),
    );
    expect(await ids({ orderBy: ['tags.`my tag`', 'params.lr DESC'] })).toEqual(
      referenceOrder(activeRuns(), [{ get: (run) => run.tags?.['my tag'], descending: false }, { get: lr, descending: true }]),
    );
    expect(await ids({ orderBy: ['attributes.end_time DESC'] })).toEqual(
      referenceOrder(activeRuns(), [{ get: (run) => run.endTime ?? undefined, descending: true }]),
    );
    expect(await ids({ orderBy: ['run_name'] })).toEqual([...activeRuns()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((run) => run.id));
    // Ordering by start_time replaces the start_time tie-breaker; the id still breaks ties.
    expect(await ids({ orderBy: ['start_time ASC'] })).toEqual(
      [...activeRuns()].sort((a, b) => a.startTime - b.startTime || (a.id < b.id ? -1 : 1)).map((run) => run.id),
    );
  });
});

describe('searchRuns view types and scope', () => {
  it('selects active, deleted or all runs', async () => {
    expect(await ids({ viewType: 'DELETED_ONLY' })).toEqual([runId(101)]);
    expect(await ids({ viewType: 'ALL' })).toHaveLength(runs.length);
    expect(await ids({ viewType: 'ACTIVE_ONLY' })).not.toContain(runId(101));
  });

  it('searches only the given projects of the team', async () => {
    expect(await ids({ projectIds: [p2] })).toEqual([runId(100)]);
    expect(await ids({ projectIds: [BigInt(p2)] })).toEqual([runId(100)]);
    expect(await ids({ projectIds: [] })).toEqual([]);
    expect(await ids({ filter: "params.lr = '0.01'", orderBy: ['metrics.acc DESC'], maxResults: 1 })).not.toContain(runId(200));
  });

  it('answers NOT_FOUND for another team or its projects', async () => {
    await expect(search({ projectIds: [p1, otherTeamProject] })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(otherTeamProject) });
    await expect(search({ projectIds: ['999999'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(searchRuns(outsider, { teamId: teamA, projectIds: [p1] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(search({ projectIds: ['abc'] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('searchRuns pages', () => {
  async function allPages(input: Partial<SearchRunsInput>, pageSize: number): Promise<string[]> {
    const seen: string[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await search({ ...input, maxResults: pageSize, pageToken });
      expect(result.runIds.length).toBeLessThanOrEqual(pageSize);
      seen.push(...result.runIds);
      pageToken = result.nextPageToken;
      if (!pageToken) return seen;
    }
    throw new Error('pagination did not end');
  }

  it.each([
    [[], 4],
    [['metrics.acc DESC'], 3],
    [['metrics.acc ASC'], 2],
    [['params.lr', 'metrics.acc DESC'], 3],
    [['tags.team DESC', 'end_time'], 5],
    [['start_time', 'run_name DESC'], 1],
  ])('order %j in pages of %i returns every run exactly once, in order', async (orderBy, pageSize) => {
    const whole = await ids({ orderBy, maxResults: 1000 });
    expect(whole).toHaveLength(activeRuns().length);
    const paged = await allPages({ orderBy }, pageSize);
    expect(paged).toEqual(whole);
  });

  // A metric order reads the runs with a number for it first, then (only when a page is not
  // full) those with NaN or none: pages must cross that boundary in MLflow's order.
  it.each([1, 2, 3, 5, 7])('pages of %i ordered by a metric cross from numbers to NaN and missing values in order', async (pageSize) => {
    for (const descending of [true, false]) {
      const orderBy = [`metrics.acc ${descending ? 'DESC' : 'ASC'}`];
      expect(await allPages({ orderBy }, pageSize)).toEqual(referenceOrder(activeRuns(), [{ get: (run) => run.metrics?.acc, descending }]));
      const filtered = activeRuns().filter((run) => run.params?.lr?.startsWith('0.0'));
      expect(await allPages({ orderBy, filter: "params.lr LIKE '0.0%'" }, pageSize)).toEqual(referenceOrder(filtered, [{ get: (run) => run.metrics?.acc, descending }]));
    }
  });

  it('pages a filtered search and says when there is no next page', async () => {
    const filter = "metrics.acc > 0.4 and params.lr LIKE '0.0%'";
    const whole = await ids({ filter, orderBy: ['metrics.acc DESC'] });
    expect(await allPages({ filter, orderBy: ['metrics.acc DESC'] }, 2)).toEqual(whole);
    const exact = await search({ filter, orderBy: ['metrics.acc DESC'], maxResults: whole.length });
    expect(exact.nextPageToken).toBeUndefined();
  });

  it('refuses a token from another search, a damaged token and garbage', async () => {
    const first = await search({ orderBy: ['metrics.acc DESC'], maxResults: 2 });
    expect(first.nextPageToken).toBeTruthy();
    const token = first.nextPageToken!;
    await expect(search({ orderBy: ['metrics.acc ASC'], pageToken: token })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('different search') });
    await expect(search({ orderBy: ['metrics.acc DESC'], filter: 'metrics.acc > 0', pageToken: token })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(search({ orderBy: ['metrics.acc DESC'], projectIds: [p1], pageToken: token })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(search({ orderBy: ['metrics.acc DESC'], pageToken: 'not a token' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const body = JSON.parse(Buffer.from(token, 'base64url').toString()) as { q: string; k: unknown[] };
    const forged = (k: unknown[]) => Buffer.from(JSON.stringify({ q: body.q, k })).toString('base64url');
    await expect(search({ orderBy: ['metrics.acc DESC'], pageToken: forged([[0, "1'; DROP TABLE runs; --"], '1000', 'x']) })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(search({ orderBy: ['metrics.acc DESC'], pageToken: forged([[0, '0.5']]) })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    // The genuine token still works with a different page size.
    expect((await search({ orderBy: ['metrics.acc DESC'], pageToken: token, maxResults: 3 })).runIds).toHaveLength(3);
  });
});

describe('searchRuns cost', () => {
  it('is one SQL query, whatever the filter, order and page', async () => {
    const first = await search({ orderBy: ['metrics.acc DESC', 'params.lr'], maxResults: 2 });
    const spy = vi.spyOn(pool(), 'query');
    try {
      await search({
        filter: "metrics.acc > 0.1 and params.lr LIKE '0%' and tags.team != 'x' and datasets.name != 'y' and status = 'FINISHED' and user_id != ''",
        orderBy: ['metrics.acc DESC', 'params.lr'],
      });
      expect(spy).toHaveBeenCalledTimes(1);
      await search({ orderBy: ['metrics.acc DESC', 'params.lr'], maxResults: 2, pageToken: first.nextPageToken });
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });
});
