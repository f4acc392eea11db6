// /_next/static answered from the precompressed copies: brotli or gzip only as the client
// accepts, the plain file otherwise, with the headers a shared cache needs (Vary) and the
// year-long immutable caching of content-hashed files; anything else goes on to Next.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressStatic } from '../runtime/precompress-static.ts';
import { createStaticAssetHandler, withoutRefusedCodings } from './static-assets.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-static-'));
const script = 'console.log("a chunk");\n'.repeat(300);
let server: http.Server;
let base = '';

beforeAll(async () => {
  fs.mkdirSync(path.join(dir, 'chunks'));
  fs.writeFileSync(path.join(dir, 'chunks', 'abc123.js'), script);
  fs.writeFileSync(path.join(dir, 'chunks', 'small.css'), 'a{}');
  await precompressStatic(dir);
  // A script whose copies could not be written (as in a read-only build directory).
  fs.writeFileSync(path.join(dir, 'chunks', 'uncopied.js'), script);
  const serve = createStaticAssetHandler(dir);
  // The same directory at another prefix, as the scripts served beside the build's are.
  const vendor = createStaticAssetHandler(dir, { prefix: '/_vendor/', uncompressedToNext: false });
  server = http.createServer((req, res) => {
    if (serve(req, res) || vendor(req, res)) return;
    // Stands for Next: shows the request reached it unchanged.
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ next: true, url: req.url, acceptEncoding: req.headers['accept-encoding'] ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The raw answer (node:http does not decode bodies, unlike fetch). */
function get(pathname: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .request(`${base}${pathname}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject)
      .end();
  });
}

describe('static assets', () => {
  it('sends the brotli copy to a browser that accepts it, with Vary and immutable caching', async () => {
    const answer = await get('/_next/static/chunks/abc123.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['content-type']).toMatch(/^text\/javascript/);
    expect(answer.headers.vary).toBe('Accept-Encoding');
    expect(answer.headers['cache-control']).toBe('public,max-age=31536000,immutable');
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    expect(zlib.brotliDecompressSync(answer.body).toString()).toBe(script);
  });

  it('sends gzip to a client without brotli, and the plain file to one that accepts neither', async () => {
    const gzipped = await get('/_next/static/chunks/abc123.js', { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzipped.body).toString()).toBe(script);
    for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }] as Record<string, string>[]) {
      const plain = await get('/_next/static/chunks/abc123.js', headers);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toBe('Accept-Encoding');
      expect(plain.body.toString()).toBe(script);
    }
    // A refused coding is skipped, an accepted one still used.
    expect((await get('/_next/static/chunks/abc123.js', { 'accept-encoding': 'br;q=0, gzip;q=0.5' })).headers['content-encoding']).toBe('gzip');
  });

  it('answers HEAD without a body and an unchanged ETag with 304', async () => {
    const head = await get('/_next/static/chunks/abc123.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const again = await get('/_next/static/chunks/abc123.js', { 'accept-encoding': 'br', 'if-none-match': String(head.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('serves a file too small to compress as it is', async () => {
    const small = await get('/_next/static/chunks/small.css', { 'accept-encoding': 'br, gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['cache-control']).toBe('public,max-age=31536000,immutable');
    expect(small.body.toString()).toBe('a{}');
  });

  it('leaves everything else to Next, untouched: other paths, missing files, files without copies, other methods', async () => {
    for (const [pathname, method] of [
      ['/t/team/compare?runs=1', 'GET'],
      ['/_next/static/chunks/missing.js', 'GET'],
      ['/_next/static/chunks/uncopied.js', 'GET'],
      ['/_next/static/chunks/uncopied.js?v=1', 'GET'],
      ['/_next/static/chunks/abc123.js', 'POST'],
      ['/_next/static/../../etc/passwd', 'GET'],
    ]) {
      const answer = await get(pathname, { 'accept-encoding': 'br;q=0' }, method);
      expect(JSON.parse(answer.body.toString())).toMatchObject({ next: true, acceptEncoding: 'br;q=0' });
    }
    const missing = await get('/_next/static/chunks/missing.js');
    expect(JSON.parse(missing.body.toString())).toEqual({ next: true, url: '/_next/static/chunks/missing.js', acceptEncoding: null });
  });

  it('serves another prefix alike, and there a file without copies too (no Next route would)', async () => {
    const compressed = await get('/_vendor/chunks/abc123.js', { 'accept-encoding': 'br' });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers['cache-control']).toBe('public,max-age=31536000,immutable');
    expect(zlib.brotliDecompressSync(compressed.body).toString()).toBe(script);
    const uncopied = await get('/_vendor/chunks/uncopied.js', { 'accept-encoding': 'br' });
    expect(uncopied.headers['content-encoding']).toBeUndefined();
    expect(uncopied.body.toString()).toBe(script);
    expect(JSON.parse((await get('/_vendor/chunks/missing.js')).body.toString())).toMatchObject({ next: true });
  });

  it('drops only the codings a client refuses', () => {
    expect(withoutRefusedCodings('gzip, deflate, br, zstd')).toBe('gzip, deflate, br, zstd');
    expect(withoutRefusedCodings('br;q=0, gzip;q=0.8, *;q=0.000')).toBe('gzip;q=0.8');
    expect(withoutRefusedCodings('')).toBe('');
  });
});
