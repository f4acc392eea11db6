// The build's static assets (.next/static: the pages' scripts and styles), compressed once per
// build instead of once per request: each compressible file gets a brotli (`.br`) and a gzip
// (`.gz`) copy beside it, which lib/http/static-assets.ts serves to clients that accept them.
// Next gzips every script per request, ~40 ms of CPU per cold page load here (1.7 MB of
// script on the compare page) on the cores the page's own data request needs.
//
// Brotli at quality 9: 11 % smaller than gzip for ~0.1 s per MB; quality 11 saves 8 % more
// but costs ~3 s per MB, too long for the first start after a build (the whole of .next/static,
// ~9 MB, takes ~1 s at 9). A copy is current when it is at least as new as its file; copies are
// written to a temporary name and renamed, so two servers starting on one checkout at once
// never serve a half-written one.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** What is worth compressing (text); fonts and images are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|json|svg|txt|map|html)$/;
/** Below this, a compressed copy saves less than its headers cost. */
export const MIN_COMPRESSED_BYTES = 1024;

const ENCODERS: { suffix: '.br' | '.gz'; encode: (bytes: Buffer) => Promise<Buffer> }[] = [
  {
    suffix: '.br',
    encode: (bytes) =>
      brotli(bytes, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
  },
  { suffix: '.gz', encode: (bytes) => gzip(bytes, { level: 9 }) },
];

function compressibleFiles(dir: string): { file: string; stat: fs.Stats }[] {
  const found: { file: string; stat: fs.Stats }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...compressibleFiles(file));
    else if (entry.isFile() && COMPRESSIBLE.test(entry.name)) {
      const stat = fs.statSync(file);
      if (stat.size >= MIN_COMPRESSED_BYTES) found.push({ file, stat });
    }
  }
  return found;
}

function isCurrent(copy: string, original: fs.Stats): boolean {
  try {
    return fs.statSync(copy).mtimeMs >= original.mtimeMs;
  } catch {
    return false;
  }
}

/**
 * The compressible files under `staticDir` that lack a current copy of either kind (paths
 * relative to it, with forward slashes): where the copies could not be written (a read-only
 * build directory), Next should go on serving them, compressed per request.
 */
export function filesWithoutCopies(staticDir: string): Set<string> {
  if (!fs.existsSync(staticDir)) return new Set();
  return new Set(
    compressibleFiles(staticDir)
      .filter(({ file, stat }) => ENCODERS.some(({ suffix }) => !isCurrent(file + suffix, stat)))
      .map(({ file }) => path.relative(staticDir, file).split(path.sep).join('/')),
  );
}

/**
 * Writes the missing or outdated `.br` and `.gz` copies of the compressible files under
 * `staticDir` (none when it does not exist). Returns how many copies it wrote.
 */
export async function precompressStatic(staticDir: string): Promise<{ written: number; files: number }> {
  if (!fs.existsSync(staticDir)) return { written: 0, files: 0 };
  const files = compressibleFiles(staticDir);
  const jobs = files.flatMap(({ file, stat }) => ENCODERS.filter(({ suffix }) => !isCurrent(file + suffix, stat)).map((encoder) => ({ file, ...encoder })));
  // zlib's asynchronous calls run on libuv's thread pool (4 threads): a few at a time keeps it busy.
  let next = 0;
  const runOne = async (): Promise<void> => {
    for (let job = jobs[next++]; job; job = jobs[next++]) {
      const compressed = await job.encode(await fs.promises.readFile(job.file));
      const temporary = `${job.file}${job.suffix}.${process.pid}.tmp`;
      await fs.promises.writeFile(temporary, compressed);
      await fs.promises.rename(temporary, job.file + job.suffix);
    }
  };
  await Promise.all(Array.from({ length: 4 }, runOne));
  return { written: jobs.length, files: files.length };
}
