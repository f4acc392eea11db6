// Metric history on a real database: keyset pages, downsampling for charts, denials.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { codeOf, principalFor, teamWorld } from '../../../tests/helpers/fixtures.ts';
import type { TokenPrincipal, UserPrincipal } from '../../authz/index.ts';
import { query } from '../../db/sql.ts';
import { createProject } from '../projects/create-project.ts';
import { createRun } from '../runs/create-run.ts';
import type { MetricView } from '../runs/run-view.ts';
import { bucketCount, getMetricHistoriesDownsampled, getMetricHistoryDownsampled } from './get-metric-history-downsampled.ts';
import { getMetricHistory } from './get-metric-history.ts';
import { logBatch } from './log-batch.ts';

setupTestDatabase();

let member: UserPrincipal;
let outsider: UserPrincipal;
let readToken: TokenPrincipal;
let projectId: bigint;

beforeAll(async () => {
  const world = await teamWorld();
  member = await principalFor(world.users.member.id);
  outsider = await principalFor(world.otherOwner.id);
  readToken = { kind: 'token', userId: member.userId, email: member.email, tokenId: 't', teamId: world.team.id, scope: 'READ', role: 'MEMBER' };
  projectId = (await createProject(member, { teamId: world.team.id, name: 'history' })).id;
});

const newRun = async () => (await createRun(member, { projectId, startTime: 1 })).id;

/** Writes a series straight into metric_points (large series for downsampling tests). */
async function seedSeries(runId: string, key: string, count: number, valueAt: (step: number) => number) {
  const steps = Array.from({ length: count }, (_, i) => i);
  await query(
    `INSERT INTO metric_points (run_id, key, step, timestamp, value)
     SELECT $1, $2, s, 1000 + s, v FROM unnest($3::int8[], $4::float8[]) AS t(s, v)`,
    [runId, key, steps, steps.map(valueAt)],
  );
}

const steps = (points: MetricView[]) => points.map((p) => Number(p.step));

describe('getMetricHistory', () => {
  it('pages through the series in (step, timestamp, value) order with opaque tokens', async () => {
    const runId = await newRun();
    // Logged out of order and with several points on one step.
    await logBatch(member, {
      runId,
      metrics: [
        { key: 'loss', value: 0.3, timestamp: 30, step: 3 },
        { key: 'loss', value: 0.1, timestamp: 10, step: 1 },
        { key: 'loss', value: NaN, timestamp: 20, step: 2 },
        { key: 'loss', value: 0.25, timestamp: 21, step: 2 },
        { key: 'loss', value: 0.2, timestamp: 20, step: 2 },
        { key: 'other', value: 5, timestamp: 1, step: 0 },
      ],
    });
    const seen: [number, number, number][] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await getMetricHistory(readToken, { runId, key: 'loss', maxResults: 2, pageToken });
      expect(page.metrics.length).toBeLessThanOrEqual(2);
      seen.push(...page.metrics.map((m): [number, number, number] => [Number(m.step), Number(m.timestamp), m.value]));
      expect(page.metrics.every((m) => m.key === 'loss')).toBe(true);
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      [1, 10, 0.1],
      [2, 20, 0.2],
      [2, 20, NaN],
      [2, 21, 0.25],
      [3, 30, 0.3],
    ]);

    const all = await getMetricHistory(member, { runId, key: 'loss' });
    expect(all.nextPageToken).toBeUndefined();
    expect(all.metrics).toHaveLength(5);
    expect((await getMetricHistory(member, { runId, key: 'missing' })).metrics).toEqual([]);
  });

  it('refuses tokens it did not hand out and bad page sizes', async () => {
    const runId = await newRun();
    expect(await codeOf(getMetricHistory(member, { runId, key: 'loss', pageToken: 'garbage' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(getMetricHistory(member, { runId, key: 'loss', maxResults: 0 }))).toBe('BAD_USER_INPUT');
  });

  it('hides other teams runs', async () => {
    const runId = await newRun();
    expect(await codeOf(getMetricHistory(outsider, { runId, key: 'loss' }))).toBe('NOT_FOUND');
    expect(await codeOf(getMetricHistoryDownsampled(outsider, { runId, key: 'loss' }))).toBe('NOT_FOUND');
    expect(await codeOf(getMetricHistoriesDownsampled(outsider, { runIds: [runId], key: 'loss' }))).toBe('NOT_FOUND');
  });
});

describe('getMetricHistoryDownsampled', () => {
  it('returns short series whole', async () => {
    const runId = await newRun();
    await seedSeries(runId, 'acc', 50, (s) => s / 100);
    const series = await getMetricHistoryDownsampled(member, { runId, key: 'acc', maxPoints: 50 });
    expect(series).toMatchObject({ totalPoints: 50, downsampled: false });
    expect(steps(series.points)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(await getMetricHistoryDownsampled(member, { runId, key: 'none' })).toMatchObject({ points: [], totalPoints: 0, downsampled: false });
  });

  it("keeps each bucket's lowest, highest and last point, and the series' first and last", async () => {
    const runId = await newRun();
    const count = 10_000;
    // A noisy descending curve with one spike and one dip that a plain sample would miss.
    const valueAt = (s: number) => (s === 4321 ? 100 : s === 7777 ? -100 : 10 - s / 1000 + ((s * 7919) % 13) / 100);
    await seedSeries(runId, 'loss', count, valueAt);
    const maxPoints = 100;
    const series = await getMetricHistoryDownsampled(readToken, { runId, key: 'loss', maxPoints });
    expect(series).toMatchObject({ totalPoints: count, downsampled: true });
    expect(series.points.length).toBeLessThanOrEqual(maxPoints);
    expect(series.points.length).toBeGreaterThan(bucketCount(maxPoints) * 2);
    const got = steps(series.points);
    expect(got).toEqual([...new Set(got)].sort((a, b) => a - b)); // ordered, no duplicates
    expect(got[0]).toBe(0);
    expect(got.at(-1)).toBe(count - 1);
    expect(got).toContain(4321);
    expect(got).toContain(7777);
    for (const point of series.points) expect(point.value).toBe(valueAt(Number(point.step)));

    // Per bucket, exactly the min, max and last of that bucket's steps.
    const width = Math.floor((count - 1) / bucketCount(maxPoints)) + 1;
    for (let lo = 0; lo < count; lo += width) {
      const bucket = Array.from({ length: Math.min(width, count - lo) }, (_, i) => lo + i);
      const values = bucket.map(valueAt);
      const expected = new Set([bucket[values.indexOf(Math.min(...values))], bucket[values.indexOf(Math.max(...values))], bucket.at(-1)!]);
      expect(new Set(got.filter((s) => s >= lo && s < lo + width && s !== 0))).toEqual(new Set([...expected].filter((s) => s !== 0)));
    }
  });

  it('bulk: one series per requested run, in order; any unreadable run is NOT_FOUND', async () => {
    const [a, b] = [await newRun(), await newRun()];
    await seedSeries(a, 'x', 20, (s) => s);
    await seedSeries(b, 'x', 500, (s) => -s);
    const series = await getMetricHistoriesDownsampled(member, { runIds: [b, a], key: 'x', maxPoints: 40 });
    expect(series.map((s) => [s.runId, s.totalPoints, s.downsampled])).toEqual([
      [b, 500, true],
      [a, 20, false],
    ]);
    expect(series[0].points.length).toBeLessThanOrEqual(40);
    expect(await codeOf(getMetricHistoriesDownsampled(member, { runIds: [a, '0'.repeat(32)], key: 'x' }))).toBe('NOT_FOUND');
    expect(await codeOf(getMetricHistoryDownsampled(member, { runId: a, key: 'x', maxPoints: 3 }))).toBe('BAD_USER_INPUT');
  });
});
