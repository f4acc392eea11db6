// Live pages must not cost ingestion: the ingest bench's workload (batches of 1000 points
// from 2 concurrent writers, through logBatch) with and without 10 open live run pages, in
// alternating rounds. Each page is what a browser holds: a live stream (the real
// openLiveStream: LISTEN fan-out, authorization, server-sent events) on one of the runs being
// written, and on each event the refetch the run page does, at most every LIVE_REFRESH_MS (the
// run's data and the charts of its 10 metrics, downsampled to 1000 points).
import { openLiveStream } from '../lib/events/live-stream.ts';
import { LIVE_REFRESH_MS } from '../lib/events/topics.ts';
import { readRunSeries } from '../lib/tracking/run-data/get-metric-history-downsampled.ts';
import { logBatch } from '../lib/tracking/run-data/log-batch.ts';
import { getRun } from '../lib/tracking/runs/get-run.ts';
import type { Principal } from '../lib/authz/index.ts';
import { withBenchDatabase } from './support/database.ts';
import { figure, loadAverage, median, note } from './support/report.ts';
import { createBenchWorld } from './support/world.ts';

const POINTS_PER_ROUND = Number(process.env.BENCH_LIVE_POINTS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_LIVE_ROUNDS ?? 3); // each: one without pages, one with
const PAGES = 10;
const BATCH_SIZE = 1000;
const WRITERS = 2;
const KEYS = 10;
const REFETCH_INTERVAL_MS = LIVE_REFRESH_MS; // what components/live/live-events.ts throttles each page to

async function ingest(principal: Principal, runIds: string[]): Promise<number> {
  const batches = Math.ceil(POINTS_PER_ROUND / BATCH_SIZE / WRITERS);
  const steps = BATCH_SIZE / KEYS;
  const started = performance.now();
  await Promise.all(
    runIds.map(async (runId) => {
      for (let b = 0; b < batches; b++) {
        const metrics = new Array(BATCH_SIZE);
        for (let i = 0; i < BATCH_SIZE; i++) {
          const step = b * steps + Math.floor(i / KEYS);
          metrics[i] = { key: `metric_${i % KEYS}`, value: Math.random(), timestamp: 1_700_000_000_000 + step, step };
        }
        await logBatch(principal, { runId, metrics });
      }
    }),
  );
  return (batches * WRITERS * BATCH_SIZE) / ((performance.now() - started) / 1000);
}

type Page = { close(): Promise<void>; events: number; refetches: number };

/** One open run page: its live stream, and (unless `refetch` is false) its throttled refetches. */
async function openPage(principal: Principal, runId: string, refetches = true): Promise<Page> {
  const abort = new AbortController();
  const response = await openLiveStream({ principal, topics: [`run:${runId}`], revalidate: async () => principal, signal: abort.signal });
  const reader = response.body!.getReader();
  const page: Page = { events: 0, refetches: 0, close: async () => undefined };
  let last = 0;
  let trailing: NodeJS.Timeout | null = null;
  let inFlight: Promise<unknown> = Promise.resolve();
  const refetch = () => {
    last = Date.now();
    page.refetches++;
    // What the run page sends: the run's details, and its charts as Run.metricHistory fields
    // (the run read once, then each series).
    inFlight = Promise.all([
      getRun(principal, { runId }),
      getRun(principal, { runId }).then(() => Promise.all(Array.from({ length: KEYS }, (_, k) => readRunSeries(runId, `metric_${k}`, 1000)))),
    ]).catch(() => undefined);
  };
  const onEvent = () => {
    page.events++;
    if (!refetches) return;
    const wait = last + REFETCH_INTERVAL_MS - Date.now();
    if (wait <= 0) refetch();
    else trailing ??= setTimeout(() => {
      trailing = null;
      refetch();
    }, wait);
  };
  const decoder = new TextDecoder();
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      if (decoder.decode(value).includes('event: change')) onEvent();
    }
  })();
  page.close = async () => {
    if (trailing) clearTimeout(trailing);
    abort.abort();
    await reading.catch(() => undefined);
    await inFlight;
  };
  return page;
}

await withBenchDatabase(async () => {
  const world = await createBenchWorld();
  note(`${POINTS_PER_ROUND.toLocaleString('en-US')} points per round, ${WRITERS} writers, ${ROUNDS} rounds each way, ${PAGES} live pages; load average ${loadAverage()}`);
  await ingest(world.principal, await Promise.all(Array.from({ length: WRITERS }, () => world.newRun()))); // warm-up
  const rounds = { without: [] as number[], listening: [] as number[], live: [] as number[] };
  let events = 0;
  let refetches = 0;
  const withPages = async (refetch: boolean) => {
    const runIds = await Promise.all(Array.from({ length: WRITERS }, () => world.newRun()));
    const pages = await Promise.all(Array.from({ length: PAGES }, (_, i) => openPage(world.principal, runIds[i % WRITERS], refetch)));
    const rate = await ingest(world.principal, runIds);
    await Promise.all(pages.map((page) => page.close()));
    events += pages.reduce((sum, page) => sum + page.events, 0);
    refetches += pages.reduce((sum, page) => sum + page.refetches, 0);
    return rate;
  };
  for (let round = 0; round < ROUNDS; round++) {
    rounds.without.push(await ingest(world.principal, await Promise.all(Array.from({ length: WRITERS }, () => world.newRun()))));
    rounds.listening.push(await withPages(false));
    rounds.live.push(await withPages(true));
  }
  const base = median(rounds.without);
  figure('ingestion, no live pages (median of rounds)', base, 'points/s');
  figure(`ingestion, ${PAGES} open streams only (events, no refetch)`, median(rounds.listening), 'points/s');
  figure(`ingestion, ${PAGES} live run pages (events + chart refetches)`, median(rounds.live), 'points/s');
  figure('  streams only / without', (median(rounds.listening) / base) * 100, '%', { value: 90, better: 'higher' });
  figure('  live pages / without', (median(rounds.live) / base) * 100, '%', { value: 90, better: 'higher' });
  const show = (values: number[]) => values.map((v) => Math.round(v)).join(', ');
  note(`rounds without: ${show(rounds.without)}; streams only: ${show(rounds.listening)}; live pages: ${show(rounds.live)}`);
  note(`pages heard ${events} events and refetched ${refetches} times (at most every ${LIVE_REFRESH_MS} ms each); load average after ${loadAverage()}`);
});
