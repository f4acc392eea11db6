// Metric points written in one guarded statement, concurrent requests grouped: while a few
// statements are in flight, the batches that arrive wait and then go out together, one
// statement and one commit for all of them. A training loop's log-metric is one point per
// request, so the statement's fixed costs (the round trip, the plan's execution, the WAL
// flush of the commit and, on this kind of machine, the system calls of both processes) were
// most of its price; grouped, N requests pay them once. An idle server sends a batch at
// once: grouping only happens when requests are already waiting on each other. Big batches
// (bulk uploads: up to 1,000 points) already spread those costs thin and go out on their own,
// in parallel, as before.
//
// DataLoader does the grouping (it is made for exactly this: collect calls, run one batch
// function, hand each caller its own result or error); its schedule here is "when a
// statement slot is free" instead of "at the end of the tick".
import DataLoader from 'dataloader';
import { pool } from '../../db/client.ts';
import type { ValidMetric } from '../validation.ts';
import { INSERT_METRICS_CHECKED, INSERT_NEW_METRICS_CHECKED, metricValues, type MetricWrite, type WrittenRun } from './metrics-statement.ts';

export type CheckedRun = Omit<WrittenRun, 'runId'>;

/**
 * Grouped statements in flight per process before batches wait (and group). One: measured
 * on the request bench (log-metric, 16 connections), PostgreSQL's CPU per request fell from
 * ~0.5 ms alone to ~0.23 ms with one in flight, and ~0.4 ms with two (smaller groups).
 */
const IN_FLIGHT = Math.max(1, Number(process.env.CAIRN_METRIC_STATEMENTS ?? 1));
/** At most this many runs' batches in one statement. */
const MAX_GROUP = 64;
/** Batches of up to this many points are grouped; bigger ones go alone. */
const GROUPED_POINTS = 100;

let inFlight = 0;
const waiting: (() => void)[] = [];

function schedule(dispatch: () => void): void {
  if (inFlight < IN_FLIGHT) {
    inFlight++;
    // Batches arriving in this same turn of the event loop join this one.
    process.nextTick(dispatch);
  } else {
    waiting.push(dispatch);
  }
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else inFlight--;
}

const writes = new DataLoader<MetricWrite, CheckedRun | undefined>(
  async (group) => {
    try {
      return await writeGroup(group);
    } finally {
      release();
    }
  },
  { cache: false, maxBatchSize: MAX_GROUP, batchScheduleFn: schedule },
);

/**
 * Metric points for a run in ONE statement (atomic without a transaction), written only if
 * the run is active and belongs to one of `writableTeamIds`. Returns the run's team and state
 * (undefined when it does not exist) for the caller to authorize, and whether it wrote.
 * `runId` must be a well-formed run id (char(32) would truncate a longer one).
 */
export function writeMetricsChecked(runId: string, metrics: readonly ValidMetric[], writableTeamIds: readonly string[]): Promise<CheckedRun | undefined> {
  const write = { runId, metrics, writableTeamIds };
  return metrics.length > GROUPED_POINTS ? writeOne(write) : writes.load(write);
}

/**
 * A group's statements: runs must be distinct within one statement (a row is updated once
 * per statement), so a run's second batch goes in the next one, after the first committed.
 */
async function writeGroup(group: readonly MetricWrite[]): Promise<(CheckedRun | undefined | Error)[]> {
  const results = new Array<CheckedRun | undefined | Error>(group.length);
  let pending = group.map((write, index) => ({ write, index }));
  while (pending.length) {
    const seen = new Set<string>();
    const now = pending.filter(({ write }) => !seen.has(write.runId) && seen.add(write.runId));
    pending = pending.filter((entry) => !now.includes(entry));
    const written = await writeDistinct(now.map((entry) => entry.write));
    now.forEach((entry, i) => (results[entry.index] = written[i]));
  }
  return results;
}

/**
 * Distinct runs' batches in one statement. If it fails (a retried point, a value PostgreSQL
 * refuses, a deadlock), each batch goes again on its own, so one bad batch fails alone and
 * the others are written as if they had never met it.
 */
async function writeDistinct(group: readonly MetricWrite[]): Promise<(CheckedRun | undefined | Error)[]> {
  if (group.length === 1) return [await writeOne(group[0]).catch(asError)];
  let rows: WrittenRun[];
  try {
    rows = (await pool().query<WrittenRun>({ ...INSERT_NEW_METRICS_CHECKED, values: metricValues(group, true) })).rows;
  } catch {
    return Promise.all(group.map((write) => writeOne(write).catch(asError)));
  }
  return group.map((write) => runOf(rows, write.runId));
}

async function writeOne(write: MetricWrite): Promise<CheckedRun | undefined> {
  const values = metricValues([write], true);
  try {
    return runOf((await pool().query<WrittenRun>({ ...INSERT_NEW_METRICS_CHECKED, values })).rows, write.runId);
  } catch (error) {
    // A retried batch, or one repeating a point: nothing of it was written; again, tolerant.
    if (!isStoredPointConflict(error)) throw error;
    return runOf((await pool().query<WrittenRun>({ ...INSERT_METRICS_CHECKED, values })).rows, write.runId);
  }
}

function runOf(rows: readonly WrittenRun[], runId: string): CheckedRun | undefined {
  const row = rows.find((r) => r.runId.trimEnd() === runId);
  return row && { teamId: row.teamId, lifecycleStage: row.lifecycleStage, written: row.written };
}

function isStoredPointConflict(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && constraint === 'metric_points_pkey';
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
