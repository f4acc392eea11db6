// Plotly's basic bundle (plotly.js-basic-dist-min, 1.2 MB) served as a script of its own, not
// as one of the bundler's chunks: the pages with charts name it in their HTML as an async
// script (components/charts/plotly-script.tsx), so it downloads with the page's scripts and is
// parsed on one of V8's background threads while the page hydrates, asks for its data and
// renders its table; the charts draw once both are there.
// Bundled as one of a page's chunks instead, it held up the page itself: Next hydrates a page
// only when every chunk of its client components has run, and V8 took ~0.4 s to parse this one
// on a cold load here (the compare page's cold load: bench/compare-page-ab.bench.ts).
//
// The copy starts with V8's compile hint, as the build's scripts do (hint-eager-compile.ts): its
// functions are compiled while it streams in, off the main thread, where they took ~90 ms of
// its ~200 ms evaluation without it (alternating cold loads: median 818 ms hinted against
// 893 ms, faster in 10 of 12). It is named by its content's hash, so it is cached for a year
// like the build's own scripts and a new plotly version gets a new name; it sits outside
// .next/static (which `next build` replaces), is served by lib/http/static-assets.ts under
// VENDOR_PREFIX in development too, and gets brotli and gzip copies like the build's scripts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EAGER_COMPILE_HINT } from './hint-eager-compile.ts';

export const VENDOR_PREFIX = '/_vendor/';
const NAME = /^plotly-basic\.[0-9a-f]{16}\.min\.js(\.br|\.gz)?$/;

/** The file the package installs (resolved as Node resolves it from this module). */
export function plotlyBundlePath(): string {
  return createRequire(import.meta.url).resolve('plotly.js-basic-dist-min/plotly-basic.min.js');
}

/**
 * Copies `source` (by default plotly's installed basic bundle), with the compile hint, into
 * `dir` as plotly-basic.<hash>.min.js unless it is there, removes older versions' copies (and
 * their compressed copies), and returns the URL it is served at.
 */
export function publishPlotlyScript(dir: string, source = plotlyBundlePath()): string {
  const bytes = Buffer.concat([Buffer.from(EAGER_COMPILE_HINT), fs.readFileSync(source)]);
  const name = `plotly-basic.${crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.min.js`;
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(dir)) {
    if (NAME.test(entry) && !entry.startsWith(name)) fs.rmSync(path.join(dir, entry), { force: true });
  }
  const target = path.join(dir, name);
  if (!fs.existsSync(target)) {
    // Written under a temporary name and renamed: a server starting at the same time never serves half of it.
    const temporary = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, target);
  }
  return VENDOR_PREFIX + name;
}
