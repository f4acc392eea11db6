// Metric history on a real database: keyset pages, downsampling for charts, denials.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { codeOf, principalFor, teamWorld } from '../../../tests/helpers/fixtures.ts';
import type { TokenPrincipal, UserPrincipal } from '../../authz/index.ts';
import { query } from '../../db/sql.ts';
import { createProject } from '../projects/create-project.ts';
import { createRun } from '../runs/create-run.ts';
import type { MetricView } from '../runs/run-view.ts';
import { bucketCount, chartLevel, getMetricHistoriesDownsampled, getMetricHistoryDownsampled } from './get-metric-history-downsampled.ts';
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

/** Logs a series through ingestion (which keeps its buckets), 1000 points a batch. */
async function seedSeries(runId: string, key: string, count: number, valueAt: (step: number) => number, stepAt = (i: number) => i) {
  for (let start = 0; start < count; start += 1000) {
    const metrics = Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
      const step = stepAt(start + i);
      return { key, step, timestamp: 1000 + step, value: valueAt(step) };
    });
    await logBatch(member, { runId, metrics });
  }
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

  // A noisy descending curve with a spike, a dip and NaN/Infinity that a plain sample would
  // miss or mistake for extremes. Per group of the level chartLevel picks: exactly its lowest,
  // highest (NaN left out, earliest on ties) and last point, plus the series' first point.
  const noisyAt = (s: number) =>
    s === 4300 ? 100 : s === 7700 ? -100 : s % 1000 === 500 ? NaN : s === 9000 ? Infinity : 10 - s / 1000 + ((s * 7919) % 13) / 100;
  const flatAt = (s: number) => (s % 700 === 0 ? NaN : s % 3 === 0 ? 2 : 1);
  it.each([
    { name: 'consecutive steps, finest level', count: 10_000, maxPoints: 100, stepAt: (i: number) => i, valueAt: noisyAt },
    { name: 'steps 100 apart, buckets folded into groups', count: 10_000, maxPoints: 1000, stepAt: (i: number) => i * 100, valueAt: noisyAt },
    { name: 'ties everywhere: the earliest point wins', count: 10_000, maxPoints: 1000, stepAt: (i: number) => i * 100, valueAt: flatAt },
    // 500 steps in 66 groups: the finest buckets (64 steps) would give 8, so the points are read.
    { name: 'a short step range, from the points themselves', count: 500, maxPoints: 200, stepAt: (i: number) => i, valueAt: (s: number) => noisyAt(s * 20) },
    { name: 'a short step range with ties, from the points themselves', count: 500, maxPoints: 200, stepAt: (i: number) => i, valueAt: flatAt },
  ])("keeps each group's lowest, highest and last point, and the series' ends ($name)", async ({ count, maxPoints, stepAt, valueAt }) => {
    const runId = await newRun();
    await seedSeries(runId, 'loss', count, valueAt, stepAt);
    const series = await getMetricHistoryDownsampled(readToken, { runId, key: 'loss', maxPoints });
    expect(series).toMatchObject({ totalPoints: count, downsampled: true });
    expect(series.points.length).toBeLessThanOrEqual(maxPoints);
    expect(series.points.length).toBeGreaterThan(bucketCount(maxPoints) * 2);

    const allSteps = Array.from({ length: count }, (_, i) => stepAt(i));
    const level = chartLevel(0n, BigInt(allSteps.at(-1)!), maxPoints, count);
    const groupOf = (step: number) => ((BigInt(step) >> BigInt(level.shift)) - level.firstBucket) * level.groups / level.span;
    const expected = new Set([allSteps[0]]);
    for (let g = 0n; g < level.groups; g++) {
      const inGroup = allSteps.filter((s) => groupOf(s) === g);
      if (!inGroup.length) continue;
      const numbers = inGroup.filter((s) => !Number.isNaN(valueAt(s)));
      const lowest = Math.min(...numbers.map(valueAt));
      const highest = Math.max(...numbers.map(valueAt));
      expected.add(numbers.find((s) => valueAt(s) === lowest)!).add(numbers.find((s) => valueAt(s) === highest)!).add(inGroup.at(-1)!);
    }
    expect(steps(series.points)).toEqual([...expected].sort((a, b) => a - b));
    if (valueAt === noisyAt) expect(steps(series.points)).toEqual(expect.arrayContaining([4300, 7700, 9000])); // spike, dip, Infinity
    for (const point of series.points) {
      expect(point.value).toBe(valueAt(Number(point.step)));
      expect(point.timestamp).toBe(1000n + point.step);
    }
  });

  it('gives a series of many points on few steps its ends and extremes', async () => {
    const runId = await newRun();
    // MLflow's default step is 0: every point on one step, told apart by timestamp.
    const metrics = Array.from({ length: 900 }, (_, i) => ({ key: 'x', step: 0, timestamp: 5000 - i, value: i === 300 ? -7 : i === 600 ? 7 : i / 1000 }));
    await logBatch(member, { runId, metrics });
    const series = await getMetricHistoryDownsampled(member, { runId, key: 'x', maxPoints: 10 });
    expect(series).toMatchObject({ totalPoints: 900, downsampled: true });
    expect(series.points.map((p) => [Number(p.timestamp), p.value])).toEqual([
      [4101, 0.899], // first: the earliest timestamp
      [4400, 7],
      [4700, -7],
      [5000, 0], // last
    ]);
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
