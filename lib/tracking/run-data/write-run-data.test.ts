// metric_buckets on a real database: whatever order, retries, races and odd values the
// batches bring, the buckets ingestion keeps (and the ones rebuildMetricBuckets recomputes)
// equal a brute-force recomputation from metric_points.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { principalFor, teamWorld } from '../../../tests/helpers/fixtures.ts';
import type { UserPrincipal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { query, withTransaction } from '../../db/sql.ts';
import type { MetricInput } from '../validation.ts';
import { createProject } from '../projects/create-project.ts';
import { createRun } from '../runs/create-run.ts';
import { logBatch } from './log-batch.ts';
import { BUCKET_SHIFTS } from './metric-buckets.ts';
import { rebuildMetricBuckets } from './rebuild-metric-buckets.ts';

setupTestDatabase();

let member: UserPrincipal;
let projectId: bigint;

beforeAll(async () => {
  const world = await teamWorld();
  member = await principalFor(world.users.member.id);
  projectId = (await createProject(member, { teamId: world.team.id, name: 'buckets' })).id;
});

const newRun = async () => (await createRun(member, { projectId, startTime: 1 })).id;

type Point = { key: string; step: bigint; timestamp: bigint; value: number };
/** One bucket row as text, so a NaN, a -0 or an int8 beyond 2^53 compares exactly. */
type BucketRow = Record<string, string | null>;

const BUCKET_COLUMNS = [
  'key', 'shift', 'bucket', 'count', 'min_value', 'min_step', 'min_timestamp',
  'max_value', 'max_step', 'max_timestamp', 'last_step', 'last_timestamp', 'last_value',
] as const;

async function storedBuckets(runId: string): Promise<BucketRow[]> {
  return query<BucketRow>(
    `SELECT ${BUCKET_COLUMNS.map((c) => `${c}::text`).join(', ')} FROM metric_buckets WHERE run_id = $1 ORDER BY key, shift, bucket`,
    [runId],
  );
}

/** PostgreSQL's float8 order (NaN above every number), as metric_points sorts. */
const float8Order = (a: number, b: number) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b);
const bigOrder = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
const text = (n: number | bigint) => (typeof n === 'number' ? (Number.isNaN(n) ? 'NaN' : n === Infinity ? 'Infinity' : n === -Infinity ? '-Infinity' : String(n)) : n.toString());

/** The buckets, recomputed the slow way from every stored point. */
async function bruteForceBuckets(runId: string): Promise<BucketRow[]> {
  const stored = await query<{ key: string; step: string; timestamp: string; value: number }>(
    'SELECT key, step::text, timestamp::text, value FROM metric_points WHERE run_id = $1',
    [runId],
  );
  const points: Point[] = stored.map((p) => ({ key: p.key, step: BigInt(p.step), timestamp: BigInt(p.timestamp), value: p.value }));
  const groups = new Map<string, { key: string; shift: number; bucket: bigint; points: Point[] }>();
  for (const p of points) {
    for (const shift of BUCKET_SHIFTS) {
      const bucket = p.step >> BigInt(shift);
      const id = `${p.key}\u0000${shift}\u0000${bucket}`;
      if (!groups.has(id)) groups.set(id, { key: p.key, shift, bucket, points: [] });
      groups.get(id)!.points.push(p);
    }
  }
  const byStepTime = (a: Point, b: Point) => bigOrder(a.step, b.step) || bigOrder(a.timestamp, b.timestamp);
  const rows = [...groups.values()].map(({ key, shift, bucket, points: inBucket }) => {
    const numbers = inBucket.filter((p) => !Number.isNaN(p.value));
    const low = [...numbers].sort((a, b) => a.value - b.value || byStepTime(a, b))[0];
    const high = [...numbers].sort((a, b) => b.value - a.value || byStepTime(a, b))[0];
    const last = [...inBucket].sort((a, b) => byStepTime(b, a) || float8Order(b.value, a.value))[0];
    const row: BucketRow = {
      key,
      shift: String(shift),
      bucket: bucket.toString(),
      count: String(inBucket.length),
      min_value: low ? text(low.value) : null,
      min_step: low ? text(low.step) : null,
      min_timestamp: low ? text(low.timestamp) : null,
      max_value: high ? text(high.value) : null,
      max_step: high ? text(high.step) : null,
      max_timestamp: high ? text(high.timestamp) : null,
      last_step: text(last.step),
      last_timestamp: text(last.timestamp),
      last_value: text(last.value),
    };
    return row;
  });
  return sortedByKeyThenNumbers(rows);
}

/** Buckets in one order for both sides (PostgreSQL's collation may order keys differently). */
function sortedByKeyThenNumbers(rows: BucketRow[]): BucketRow[] {
  return [...rows].sort(
    (a, b) =>
      (a.key! < b.key! ? -1 : a.key! > b.key! ? 1 : 0) || Number(a.shift) - Number(b.shift) || bigOrder(BigInt(a.bucket!), BigInt(b.bucket!)),
  );
}

async function expectBucketsMatchPoints(runId: string) {
  const [stored, expected] = [sortedByKeyThenNumbers(await storedBuckets(runId)), await bruteForceBuckets(runId)];
  expect(stored.length).toBeGreaterThan(0);
  expect(stored).toEqual(expected);
}

const metric = (key: string, step: number | bigint, timestamp: number, value: number): MetricInput => ({ key, step, timestamp, value });

describe('metric buckets kept by ingestion', () => {
  it('equal a recomputation from the points after out-of-order batches, retries and odd values', async () => {
    const runId = await newRun();
    // Steps arrive backwards across batches and shuffled within them, across bucket edges of
    // every level, with negative steps (buckets floor), one step far beyond 2^53.
    const steps = Array.from({ length: 300 }, (_, i) => 70_000 - i * 233);
    const batches: MetricInput[][] = [];
    for (let b = 0; b < 3; b++) {
      const batch = steps.slice(b * 100, (b + 1) * 100).map((s, i) => metric('loss', s, 1000 + i, Math.sin(s) * 10));
      batches.push(batch.reverse());
    }
    batches.push([
      // NaN and ±Infinity: NaN never a min or max, Infinity a max, -Infinity a min.
      metric('loss', 5, 1, NaN),
      metric('loss', 5, 2, Infinity),
      metric('loss', 6, 1, -Infinity),
      // One bucket holding only NaN: no min or max, its last point is a NaN.
      metric('loss', 1_000_000, 1, NaN),
      metric('loss', 1_000_001, 1, NaN),
      // The same step and timestamp twice: the last point is the higher value, NaN highest.
      metric('loss', 2_000_000, 7, 1),
      metric('loss', 2_000_000, 7, NaN),
      metric('loss', 2_000_000, 7, -1),
      // Ties on the lowest/highest value: the earliest point carries it.
      metric('acc', 40, 9, 0.5),
      metric('acc', 30, 9, 0.5),
      metric('acc', 30, 8, 0.5),
      metric('acc', -1, 1, 0.25),
      metric('acc', -70_000, 1, 0.75),
      metric('acc', 2n ** 62n + 1n, 3, 0.1),
      // A point repeated inside its batch is stored and counted once.
      metric('acc', 12, 1, 0.3),
      metric('acc', 12, 1, 0.3),
      // Ties on the lowest and highest value inside one batch: the earliest point carries it,
      // whichever the batch lists first.
      metric('tie', 40, 9, 0.5),
      metric('tie', 30, 9, 0.5),
      metric('tie', 30, 8, 0.5),
      metric('tie', 50, 1, 0.9),
      metric('tie', 20, 5, 0.9),
    ]);
    batches.push([
      // The all-NaN bucket gets a number: it becomes the min and max.
      metric('loss', 1_000_002, 1, 3),
      // A NaN into a bucket with numbers changes neither.
      metric('tie', 45, 1, NaN),
      // Ties against stored summaries: an earlier point takes the min, a later one not the max.
      metric('tie', 10, 1, 0.5),
      metric('tie', 60, 1, 0.9),
    ]);
    for (const batch of batches) {
      await logBatch(member, { runId, metrics: batch });
      await expectBucketsMatchPoints(runId);
    }

    // Retries add nothing: every batch again, one with a new point mixed in.
    const before = await storedBuckets(runId);
    for (const batch of batches) await logBatch(member, { runId, metrics: batch });
    expect(await storedBuckets(runId)).toEqual(before);
    await logBatch(member, { runId, metrics: [...batches[0], metric('loss', 69_999, 1, 1e9)] });
    await expectBucketsMatchPoints(runId);
    const countOfNewPointsBucket = (rows: BucketRow[]) =>
      Number(rows.find((b) => b.key === 'loss' && b.shift === String(BUCKET_SHIFTS[0]) && b.bucket === String(69_999 >> BUCKET_SHIFTS[0]))!.count);
    expect(countOfNewPointsBucket(await storedBuckets(runId))).toBe(countOfNewPointsBucket(before) + 1);
  });

  it('count a point once when a retry races its original batch', async () => {
    const runId = await newRun();
    const batch = Array.from({ length: 500 }, (_, i) => metric(`k${i % 5}`, i, 1, (i * 37) % 101));
    await Promise.all([logBatch(member, { runId, metrics: batch }), logBatch(member, { runId, metrics: batch }), logBatch(member, { runId, metrics: batch.slice(100, 300) })]);
    await expectBucketsMatchPoints(runId);
    const [{ total }] = await query<{ total: string }>(
      'SELECT sum(count)::text AS total FROM metric_buckets WHERE run_id = $1 AND shift = $2',
      [runId, BUCKET_SHIFTS.at(-1)],
    );
    expect(total).toBe('500');
  });

  it('are left alone by a batch with params and tags only, and by a refused batch', async () => {
    const runId = await newRun();
    await logBatch(member, { runId, metrics: [metric('m', 1, 1, 1)], params: [{ key: 'p', value: 'a' }] });
    const before = await storedBuckets(runId);
    await logBatch(member, { runId, tags: [{ key: 't', value: 'x' }] });
    await expect(logBatch(member, { runId, metrics: [metric('m', 2, 1, -5)], params: [{ key: 'p', value: 'b' }] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await storedBuckets(runId)).toEqual(before);
  });

  it('go with their run', async () => {
    const runId = await newRun();
    await logBatch(member, { runId, metrics: [metric('m', 1, 1, 1), metric('m', 100_000, 1, 2)] });
    const bucketsPerShift = BUCKET_SHIFTS.map((shift) => new Set([1 >> shift, 100_000 >> shift]).size);
    expect((await storedBuckets(runId)).length).toBe(bucketsPerShift.reduce((a, b) => a + b));
    await db.run.delete({ where: { id: runId } });
    expect(await db.metricBucket.count({ where: { runId } })).toBe(0);
  });
});

describe('rebuildMetricBuckets', () => {
  it('recomputes the buckets of points that came in without them', async () => {
    const runId = await newRun();
    await logBatch(member, { runId, metrics: [metric('kept', 1, 1, 1), metric('kept', 99_999, 2, NaN)] });
    // Points written straight to the table (as before the buckets existed), odd values included.
    await query(
      `INSERT INTO metric_points (run_id, key, step, timestamp, value)
       SELECT $1, 'raw', s, 1000 - s % 7, CASE WHEN s % 97 = 0 THEN 'NaN'::float8 WHEN s = 4242 THEN 'Infinity' ELSE sin(s) END
         FROM generate_series(-300, 9000) AS s`,
      [runId],
    );
    // A stale bucket of a key with no points left is dropped.
    await query(`DELETE FROM metric_points WHERE run_id = $1 AND key = 'kept'`, [runId]);
    await logBatch(member, { runId, metrics: [metric('other', 3, 3, 3)] });
    // Ties on the extremes, written straight to the table too.
    await query(
      `INSERT INTO metric_points (run_id, key, step, timestamp, value)
       VALUES ($1, 'tie', 40, 9, 0.5), ($1, 'tie', 30, 9, 0.5), ($1, 'tie', 30, 8, 0.5), ($1, 'tie', 50, 1, 0.9), ($1, 'tie', 20, 5, 0.9),
              ($1, 'tie', 5000, 1, 0.5), ($1, 'tie', 6000, 1, 0.9), ($1, 'tie', 7000, 1, 'NaN')`,
      [runId],
    );
    const written = await withTransaction((client) => rebuildMetricBuckets(client, runId));
    await expectBucketsMatchPoints(runId);
    expect(written).toBe((await storedBuckets(runId)).length);
    expect((await storedBuckets(runId)).some((b) => b.key === 'kept')).toBe(false);
  });
});
