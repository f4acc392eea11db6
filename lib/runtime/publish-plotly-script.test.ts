// Plotly's bundle is published under a name of its content's hash: its bytes after the compile
// hint, once per version (a second start writes nothing), and an older version's copies are removed with
// their compressed copies.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EAGER_COMPILE_HINT } from './hint-eager-compile.ts';
import { plotlyBundlePath, publishPlotlyScript, VENDOR_PREFIX } from './publish-plotly-script.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-vendor-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const hashOf = (bytes: Buffer | string) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16);

describe('publishPlotlyScript', () => {
  it('copies the installed bundle, hinted, under its hash and returns the URL it is served at', () => {
    const url = publishPlotlyScript(dir);
    const published = Buffer.concat([Buffer.from(EAGER_COMPILE_HINT), fs.readFileSync(plotlyBundlePath())]);
    expect(url).toBe(`${VENDOR_PREFIX}plotly-basic.${hashOf(published)}.min.js`);
    expect(fs.readFileSync(path.join(dir, url.slice(VENDOR_PREFIX.length))).equals(published)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([url.slice(VENDOR_PREFIX.length)]);
  });

  it('writes nothing when the copy is there, and replaces an older version with its compressed copies', () => {
    const older = path.join(dir, 'older.js');
    fs.writeFileSync(older, 'window.Plotly = { version: "old" };');
    const olderName = publishPlotlyScript(dir, older).slice(VENDOR_PREFIX.length);
    fs.writeFileSync(path.join(dir, `${olderName}.br`), 'compressed');
    fs.writeFileSync(path.join(dir, `${olderName}.gz`), 'compressed');
    const written = fs.statSync(path.join(dir, olderName)).mtimeMs;
    expect(publishPlotlyScript(dir, older)).toBe(`${VENDOR_PREFIX}${olderName}`);
    expect(fs.statSync(path.join(dir, olderName)).mtimeMs).toBe(written);

    const current = publishPlotlyScript(dir).slice(VENDOR_PREFIX.length);
    // Files that are not plotly copies are left alone.
    expect(fs.readdirSync(dir).sort()).toEqual([current, 'older.js'].sort());
  });
});
