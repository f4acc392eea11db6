// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line, e.g.
// `npm run bench -- ingest`) one after the other, each in its own process with its own
// throwaway database, and prints their figures. Figures only: no pass/fail exit code.
// Benches that take long or much disk, or need another checkout (OPT_IN), run only when named.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAverage } from './support/report.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const OPT_IN = new Set(['scale.bench.ts', 'compare-page-ab.bench.ts']);
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => (wanted.length === 0 ? !OPT_IN.has(name) : wanted.some((w) => name === `${w}.bench.ts` || (name.startsWith(w) && !OPT_IN.has(name)))))
  .sort();

if (files.length === 0) {
  console.error(`No bench files${wanted.length ? ` matching ${wanted.join(', ')}` : ''} in ${benchDir}`);
  process.exitCode = 1;
}

console.log(`Cairn bench: ${files.length} file(s); node ${process.version}; load average ${loadAverage()}`);
for (const file of files) {
  console.log(`\n== ${file.replace(/\.bench\.ts$/, '')}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(benchDir, file)], { stdio: 'inherit', env: process.env });
  const status = result.status === 0 ? 'done' : `FAILED (${result.status ?? result.signal})`;
  console.log(`  -- ${status} in ${((Date.now() - started) / 1000).toFixed(1)} s; load average ${loadAverage()}`);
  if (result.status !== 0) process.exitCode = 1;
}
