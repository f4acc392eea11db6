// Chromium compiles a script's functions lazily: each on the main thread the first time it is
// called. A cold page load calls thousands of them (React, Next's router, the page's own
// components), and on this 2-core machine that compiling was the largest share of the compare
// page's cold load (~0.4 s of main thread, bench/compare-page.bench.ts with BENCH_TRACE). A
// script that starts with V8's explicit compile hint, `//# allFunctionsCalledOnLoad`, has all
// its functions compiled while it streams in, off the main thread (Chromium 136+; other
// browsers read a comment). So the build's scripts get the hint once, at start, before their
// compressed copies are made (precompress-static.ts) — except chunks of over 1 MB: those are
// plotly's bundles, of whose functions a page calls a fraction, and compiling all of them up
// front cost the cold load more than it saved (measured at earlier stops).
import fs from 'node:fs';
import path from 'node:path';

export const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
/** Chunks this large are vendor bundles mostly never called (plotly's are 1.1 and 4.9 MB; the next largest, React DOM, 0.2 MB). */
export const MAX_HINTED_BYTES = 1024 * 1024;

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
