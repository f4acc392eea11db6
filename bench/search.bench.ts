// Run search speed: 10,000 runs in one project, each with 10 params, 5 tags and 5 latest
// metrics; times searchRuns (the whole use case: parse, compile, one SQL query) over ~30
// repetitions and prints median and p95. Target (issue 3): a metric filter and order over
// 10,000 runs in under 100 ms.
//
//   npx tsx bench/search.bench.ts          (embedded PostgreSQL in a temp dir)
//   DATABASE_URL=... npx tsx bench/search.bench.ts   (an already migrated database)
//
// bench/run.ts may import this file and call the default export instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { system } from '../lib/authz/index.ts';
import { closeDb } from '../lib/db/client.ts';
import { startEmbeddedPostgres } from '../lib/db/embedded-postgres.ts';
import { migrate } from '../lib/db/migrate.ts';
import { query } from '../lib/db/sql.ts';
import { searchRuns, type SearchRunsInput } from '../lib/tracking/search/search-runs.ts';
import { seedRuns } from './support/seed-runs.ts';

const RUNS = 10_000;
const REPETITIONS = 30;
const WARMUP = 3;
const TARGET_MS = 100;

export type SearchFigure = { name: string; medianMs: number; p95Ms: number; results: number; targetMs?: number };

/** One team, one project, RUNS runs with params, tags and latest metrics, inserted set-based. */
const seed = () => seedRuns(RUNS, 'search');

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function time(name: string, input: SearchRunsInput, targetMs?: number): Promise<SearchFigure> {
  let results = 0;
  for (let i = 0; i < WARMUP; i++) await searchRuns(system, input);
  const samples: number[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    const started = performance.now();
    results = (await searchRuns(system, input)).runIds.length;
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { name, medianMs: percentile(samples, 50), p95Ms: percentile(samples, 95), results, targetMs };
}

/** Seeds its own data in the database at DATABASE_URL, measures, removes the data, returns the figures. */
export async function benchSearch(log: (line: string) => void = console.log): Promise<SearchFigure[]> {
  const seeding = performance.now();
  const { teamId, projectId } = await seed();
  log(`search: seeded ${RUNS} runs (10 params, 5 tags, 5 metrics each) in ${Math.round(performance.now() - seeding)} ms`);
  const scope = { teamId, projectIds: [projectId], maxResults: 100 };
  try {
    const first = await searchRuns(system, { ...scope, orderBy: ['metrics.acc DESC'] });
    const figures = [
      await time(
        "metrics.acc > 0.9 and params.lr = '0.01', order by metrics.acc DESC",
        { ...scope, filter: "metrics.acc > 0.9 and params.lr = '0.01'", orderBy: ['metrics.acc DESC'] },
        TARGET_MS,
      ),
      await time('no filter, order by metrics.acc DESC (sorts all 10,000)', { ...scope, orderBy: ['metrics.acc DESC'] }, TARGET_MS),
      await time('same, second page (keyset token)', { ...scope, orderBy: ['metrics.acc DESC'], pageToken: first.nextPageToken }, TARGET_MS),
      await time("tags.team LIKE 'cv%'", { ...scope, filter: "tags.team LIKE 'cv%'" }),
      await time('order by params.lr, metrics.f1 DESC', { ...scope, orderBy: ['params.lr', 'metrics.f1 DESC'] }),
    ];
    for (const f of figures) {
      const verdict = f.targetMs === undefined ? '' : f.p95Ms < f.targetMs ? `  (target < ${f.targetMs} ms: met)` : `  (target < ${f.targetMs} ms: MISSED)`;
      log(`search: ${f.name}: median ${f.medianMs.toFixed(1)} ms, p95 ${f.p95Ms.toFixed(1)} ms, ${f.results} runs/page${verdict}`);
    }
    return figures;
  } finally {
    await query('DELETE FROM teams WHERE id = $1', [teamId]);
  }
}

/** Runs against DATABASE_URL, or a throwaway embedded PostgreSQL when it is unset. */
export default async function main(): Promise<void> {
  let stop = async () => undefined as void;
  const ownsServer = !process.env.DATABASE_URL;
  if (ownsServer) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-search-'));
    fs.chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: dir, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
    await migrate(server.url());
    process.env.DATABASE_URL = server.url();
    stop = async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    await benchSearch();
  } finally {
    // The pool belongs to whoever set DATABASE_URL; close it here only when the server is ours.
    if (ownsServer) {
      await closeDb();
      await stop();
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main()
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => closeDb());
}
