// The build's static assets get brotli and gzip copies once (identical bytes once decoded),
// small and binary files none, and a second start writes nothing until a file changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { filesWithoutCopies, MIN_COMPRESSED_BYTES, precompressStatic } from './precompress-static.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-precompress-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const script = 'globalThis.answer = () => 42;\n'.repeat(200);
fs.mkdirSync(path.join(dir, 'chunks'));
fs.writeFileSync(path.join(dir, 'chunks', 'page.js'), script);
fs.writeFileSync(path.join(dir, 'chunks', 'tiny.js'), 'x()');
fs.writeFileSync(path.join(dir, 'font.woff2'), Buffer.alloc(4 * MIN_COMPRESSED_BYTES, 7));

describe('precompressStatic', () => {
  it('writes a brotli and a gzip copy of each compressible file that decode to it', async () => {
    expect([...filesWithoutCopies(dir)]).toEqual(['chunks/page.js']);
    expect(await precompressStatic(dir)).toEqual({ written: 2, files: 1 });
    expect(filesWithoutCopies(dir).size).toBe(0);
    const file = path.join(dir, 'chunks', 'page.js');
    expect(zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`)).toString()).toBe(script);
    expect(zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString()).toBe(script);
    expect(fs.statSync(`${file}.br`).size).toBeLessThan(script.length / 10);
    // Nothing for files too small to gain, nor for formats compressed already; no temporary files left.
    expect(fs.readdirSync(path.join(dir, 'chunks')).sort()).toEqual(['page.js', 'page.js.br', 'page.js.gz', 'tiny.js']);
    expect(fs.readdirSync(dir).sort()).toEqual(['chunks', 'font.woff2']);
  });

  it('writes nothing while the copies are current, and redoes those of a changed file', async () => {
    expect(await precompressStatic(dir)).toEqual({ written: 0, files: 1 });
    const file = path.join(dir, 'chunks', 'page.js');
    const later = new Date(Date.now() + 5_000);
    fs.writeFileSync(file, 'changed();\n'.repeat(200));
    fs.utimesSync(file, later, later);
    expect([...filesWithoutCopies(dir)]).toEqual(['chunks/page.js']);
    expect(await precompressStatic(dir)).toEqual({ written: 2, files: 1 });
    expect(zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString()).toBe('changed();\n'.repeat(200));
  });

  it('does nothing without a build', async () => {
    expect(await precompressStatic(path.join(dir, 'missing'))).toEqual({ written: 0, files: 0 });
    expect(filesWithoutCopies(path.join(dir, 'missing')).size).toBe(0);
  });
});
