// Chromium compiles a script's functions lazily: each on the main thread the first time it is
// called. A cold page load calls thousands of them (React, Next's router, the page's own
// components, plotly's setup), and on this 2-core machine that compiling was the largest share
// of the compare page's cold load (~0.4 s of main thread, bench/compare-page.bench.ts with
// BENCH_TRACE). A script that starts with V8's explicit compile hint,
// `//# allFunctionsCalledOnLoad`, has all its functions compiled while it streams in, off the
// main thread (Chromium 136+; other browsers read a comment). So the build's scripts get the
// hint once, at start, before their compressed copies are made (precompress-static.ts).
// Measured by alternating cold loads of two servers (main thread CPU from Chromium's trace):
// the framework chunks hinted took ~100 ms off the main thread (595 -> 494 ms) and were faster
// in 7 of 10 loads; plotly's basic bundle hinted too took 50-110 ms more off it for 125-180 ms
// more of background compiling, faster in 14 of 22 loads (it was no gain at the last stop,
// when the server's share of the cores was larger). Plotly's basic bundle is no longer a chunk
// but gets the hint too (publish-plotly-script.ts). Plotly's full bundle (4.9 MB, loaded only
// for a chart that needs it, such as parallel coordinates) keeps lazy compiling: unmeasured.
import fs from 'node:fs';
import path from 'node:path';

export const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
/** Over this: plotly's full bundle (4.9 MB); every other chunk (React DOM's 0.2 MB the largest) is under it. */
export const MAX_HINTED_BYTES = 2 * 1024 * 1024;

/**
 * Prepends the hint to the scripts under `chunksDir` (the build's `.next/static/chunks`) that
 * lack it and are under MAX_HINTED_BYTES. Idempotent; each file is replaced by a rename, so a
 * second server starting on the same checkout, or one serving it, never reads half a file.
 * Returns how many scripts it changed.
 */
export async function hintEagerCompile(chunksDir: string): Promise<number> {
  if (!fs.existsSync(chunksDir)) return 0;
  let hinted = 0;
  for (const entry of await fs.promises.readdir(chunksDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = await fs.promises.readFile(file);
    if (bytes.length > MAX_HINTED_BYTES || bytes.subarray(0, EAGER_COMPILE_HINT.length).toString() === EAGER_COMPILE_HINT) continue;
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(temporary, Buffer.concat([Buffer.from(EAGER_COMPILE_HINT), bytes]));
    await fs.promises.rename(temporary, file);
    hinted++;
  }
  return hinted;
}
