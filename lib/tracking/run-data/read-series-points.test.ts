// Points of many series as packed binary columns, exact to the bit, and level 0's picks: each group's
// lowest, highest and last point as FROM_BUCKETS would pick them from buckets of one point,
// in doubles and, for steps past 2^52, in BigInt.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { principalFor, teamWorld } from '../../../tests/helpers/fixtures.ts';
import { query } from '../../db/sql.ts';
import { createProject } from '../projects/create-project.ts';
import { createRun } from '../runs/create-run.ts';
import { chartLevel } from './get-metric-history-downsampled.ts';
import { pickChartPoints, readSeriesPoints, toMetricViews } from './read-series-points.ts';

setupTestDatabase();

let runId = '';
const odd = [NaN, Infinity, -Infinity, -0, 5e-324, 0.1 + 0.2, -1.7976931348623157e308, 1 / 3];
const bigSteps = ['-9223372036854775808', '-1', '9007199254740993', '9223372036854775807'];

beforeAll(async () => {
  const world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  const project = await createProject(member, { teamId: world.team.id, name: 'points' });
  runId = (await createRun(member, { projectId: project.id, startTime: 1 })).id;
  // Inserted as rows (no ingestion): int8 extremes and doubles JSON could not carry.
  await query(
    `INSERT INTO metric_points (run_id, key, step, timestamp, value)
     SELECT $1, 'odd', i, 1000 + i, v FROM unnest($2::float8[]) WITH ORDINALITY AS t(v, i)`,
    [runId, odd.map((v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : String(v)))],
  );
  await query(`INSERT INTO metric_points (run_id, key, step, timestamp, value) SELECT $1, 'big', s, s, 1 FROM unnest($2::int8[]) AS s`, [runId, bigSteps]);
});

describe('readSeriesPoints', () => {
  it('reads each series in (step, timestamp, value) order, values and int8s exact, in one statement', async () => {
    const [oddPoints, big, none, limited] = await readSeriesPoints([
      { runId, key: 'odd', limit: null },
      { runId, key: 'big', limit: null },
      { runId, key: 'missing', limit: null },
      { runId, key: 'odd', limit: 3 },
    ]);
    expect([...oddPoints.steps]).toEqual(odd.map((_, i) => BigInt(i + 1)));
    expect(oddPoints.timestamps[0]).toBe(1001n);
    oddPoints.values.forEach((value, i) => expect(Object.is(value, odd[i]), `${value} vs ${odd[i]}`).toBe(true));
    expect([...big.steps].map(String)).toEqual(bigSteps);
    expect([...big.timestamps].map(String)).toEqual(bigSteps);
    expect(toMetricViews('big', big).map((point) => point.step)).toEqual(bigSteps.map(BigInt));
    expect([none.steps.length, none.timestamps.length, none.values.length]).toEqual([0, 0, 0]);
    expect(limited.values).toHaveLength(3);
  });
});

/** The oracle: FROM_BUCKETS's picks spelled out, a group at a time, in BigInt. */
function expectedPicks(steps: bigint[], values: number[], level: ReturnType<typeof chartLevel>): number[] {
  const groupOf = (step: bigint) => ((step - level.firstBucket) * level.groups) / level.span;
  const picked = new Set([0]);
  const groups = [...new Set(steps.map(groupOf))];
  for (const group of groups) {
    const members = steps.map((step, i) => i).filter((i) => groupOf(steps[i]) === group);
    const numbers = members.filter((i) => !Number.isNaN(values[i]));
    picked.add(members.at(-1)!);
    if (numbers.length === 0) continue;
    const lowest = Math.min(...numbers.map((i) => values[i]));
    const highest = Math.max(...numbers.map((i) => values[i]));
    picked.add(numbers.find((i) => values[i] === lowest)!).add(numbers.find((i) => values[i] === highest)!);
  }
  return [...picked].sort((a, b) => a - b);
}

describe('pickChartPoints', () => {
  const valueAt = (i: number) => (i % 97 === 13 ? NaN : i % 41 === 0 ? 2 : ((i * 7919) % 31) / 10 - (i === 250 ? 50 : 0));
  it.each([
    { name: 'consecutive steps', base: 0n, gap: 1n },
    { name: 'negative steps, three apart', base: -900n, gap: 3n },
    { name: 'steps past 2^52 (BigInt arithmetic)', base: 2n ** 62n, gap: 1n },
    { name: 'steps below -2^52 (BigInt arithmetic)', base: -(2n ** 63n), gap: 2n },
  ])('keeps per group its lowest, highest (NaN left out, earliest on ties) and last point ($name)', ({ base, gap }) => {
    const steps = Array.from({ length: 500 }, (_, i) => base + BigInt(i) * gap);
    const values = steps.map((_, i) => valueAt(i));
    const level = chartLevel(steps[0], steps.at(-1)!, 100, steps.length);
    expect(level.shift).toBe(0);
    const picked = pickChartPoints({ steps: BigInt64Array.from(steps), values: Float64Array.from(values) }, level);
    expect(picked).toEqual(expectedPicks(steps, values, level));
    expect(picked.length).toBeGreaterThan(60);
    expect(picked).toContain(250); // the dip
  });

  it('keeps a group of NaN only its last point, and several points on one step apart', () => {
    const steps = BigInt64Array.from([0n, 0n, 0n, 1n, 1n, 2n]);
    const values = Float64Array.from([NaN, NaN, NaN, 3, 3, -0]);
    const level = chartLevel(0n, 2n, 7, steps.length); // 2 groups: steps {0, 1} and {2}
    expect(level).toMatchObject({ shift: 0, groups: 2n, span: 3n });
    expect(pickChartPoints({ steps, values }, level)).toEqual([0, 3, 4, 5]);
    expect(pickChartPoints({ steps: new BigInt64Array(0), values: new Float64Array(0) }, level)).toEqual([]);
  });
});
