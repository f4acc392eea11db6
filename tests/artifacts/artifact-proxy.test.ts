// The MLflow artifact proxy over HTTP, as MLflow's HttpArtifactRepository uses it: PUT
// uploads, GET downloads, GET ?path= listings, DELETE; recorded size and sha256; a 20 MiB
// streamed upload; the traversal corpus (refused, nothing written outside the run's root,
// checked on disk); and cross-team, read-token and anonymous denials.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestApp } from '../helpers/app.ts';
import { authHeaders, bearer, expectMlflowError, mlflowApi, type Credentials, type Reply } from '../mlflow/support.ts';
import { setupWorld } from '../mlflow/world.ts';

// Both the in-process handlers and a spawned test server read these from the environment.
const storeBase = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-artifact-http-'));
const storeRoot = path.join(storeBase, 'store');
process.env.CAIRN_ARTIFACT_STORE = storeRoot;
const MAX_BYTES = 64 * 1024 * 1024; // above the 48 MiB streaming test
process.env.CAIRN_MAX_ARTIFACT_BYTES = String(MAX_BYTES);

const app = setupTestApp();
const world = setupWorld();
afterAll(() => fs.rmSync(storeBase, { recursive: true, force: true }));

const PROXY = '/api/2.0/mlflow-artifacts/artifacts';
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

type RunRef = { runId: string; projectId: string; root: string };

/** A run created over MLflow REST; `root` is its artifact root as the proxy path. */
async function createRun(credentials: Credentials, name: string): Promise<RunRef> {
  const reply = await mlflowApi(app, credentials).post('runs/create', { experiment_id: '0', run_name: name, start_time: Date.now() });
  expect(reply.status, reply.text).toBe(200);
  const info = reply.body.run.info;
  const root = String(info.artifact_uri).replace(/^mlflow-artifacts:\//, '');
  return { runId: info.run_id, projectId: info.experiment_id, root };
}

async function toReply(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body, headers: response.headers, text };
}

/** Requests with a raw (already encoded, as-is) URL path, as a hostile client would send. */
function proxy(credentials: Credentials) {
  const headers = authHeaders(credentials);
  return {
    put: (rawPath: string, body: BodyInit, contentType = 'application/octet-stream') =>
      app.fetch(`${PROXY}/${rawPath}`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': contentType },
        body,
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit),
    get: (rawPath: string, extra: Record<string, string> = {}) => app.fetch(`${PROXY}/${rawPath}`, { headers: { ...headers, ...extra } }),
    list: (dir: string) => app.fetch(`${PROXY}?${new URLSearchParams({ path: dir })}`, { headers }).then(toReply),
    delete: (rawPath: string) => app.fetch(`${PROXY}/${rawPath}`, { method: 'DELETE', headers }).then(toReply),
  };
}

const enc = (p: string) => p.split('/').map(encodeURIComponent).join('/');

/** Every file in the store, relative to its root. */
function storedFiles(): string[] {
  if (!fs.existsSync(storeRoot)) return [];
  return fs
    .readdirSync(storeRoot, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(storeRoot, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Bytes of uploads in progress: the store's temp files (see LocalArtifactStore). */
function bytesInTempFiles(): number {
  const dir = path.join(storeRoot, '.tmp');
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const name of fs.readdirSync(dir)) {
    try {
      total += fs.statSync(path.join(dir, name)).size;
    } catch {
      // renamed into place between readdir and stat
    }
  }
  return total;
}

/**
 * A stream of `size` pseudo-random bytes in 64 KiB chunks, generated as it is read. With
 * `watchDisk`, it records how far ahead of the bytes on disk the producer ever got: a server
 * that buffered the body would let it run the whole size ahead.
 */
function generatedStream(size: number, seed: number, watchDisk = false) {
  const hash = createHash('sha256');
  let sent = 0;
  let maxLead = 0;
  let hex: string | undefined;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (watchDisk) maxLead = Math.max(maxLead, sent - bytesInTempFiles());
      if (sent >= size) {
        controller.close();
        return;
      }
      const chunk = Buffer.alloc(Math.min(64 * 1024, size - sent), (sent / 65536 + seed) % 251);
      chunk.writeUInt32BE(sent, 0);
      hash.update(chunk);
      sent += chunk.length;
      controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    },
  });
  return { stream, digest: () => (hex ??= hash.digest('hex')), maxLead: () => maxLead };
}

let alpha: ReturnType<typeof proxy>;
let run: RunRef;
let otherRun: RunRef; // another run of alpha
let betaRun: RunRef;

beforeAll(async () => {
  alpha = proxy(bearer(world().alpha.write));
  run = await createRun(bearer(world().alpha.write), 'artifacts-main');
  otherRun = await createRun(bearer(world().alpha.write), 'artifacts-other');
  betaRun = await createRun(bearer(world().beta.write), 'artifacts-beta');
});

describe('round trips', () => {
  it('uploads a file and downloads the identical bytes, recording size and sha256', async () => {
    const bytes = randomBytes(100_000);
    const put = await toReply(await alpha.put(`${run.root}/model/model.pkl`, bytes));
    expect(put.status, put.text).toBe(200);
    expect(put.body).toEqual({});

    const got = await alpha.get(`${run.root}/model/model.pkl`);
    expect(got.status).toBe(200);
    const downloaded = Buffer.from(await got.arrayBuffer());
    expect(downloaded.length).toBe(100_000);
    expect(downloaded.equals(bytes)).toBe(true);
    // The handler declares the length; a real Next server drops Content-Length from every
    // route handler response (next/dist/server/send-response.js FORBIDDEN_HEADERS) and sends
    // the body chunked, so there the bytes above and the etag are what prove the download.
    if (process.env.CAIRN_TEST_TARGET !== 'server') expect(got.headers.get('content-length')).toBe('100000');
    expect(got.headers.get('etag')).toBe(`"${sha256(bytes)}"`);

    const row = await db.artifact.findUnique({ where: { runId_path: { runId: run.runId, path: 'model/model.pkl' } } });
    expect({ size: Number(row?.size), sha256: row?.sha256 }).toEqual({ size: 100_000, sha256: sha256(bytes) });
    expect(fs.readFileSync(path.join(storeRoot, run.root, 'model/model.pkl')).equals(bytes)).toBe(true);
  });

  it('stores names that need encoding under their decoded name', async () => {
    const name = 'plots/loss curve (é)+100%.txt';
    expect((await alpha.put(`${run.root}/${enc(name)}`, 'curve', 'text/plain')).status).toBe(200);
    const got = await alpha.get(`${run.root}/${enc(name)}`);
    expect(await got.text()).toBe('curve');
    expect(fs.existsSync(path.join(storeRoot, run.root, name))).toBe(true);
    const listed = await alpha.list(`${run.root}/plots`);
    expect(listed.body).toEqual({ files: [{ path: 'loss curve (é)+100%.txt', is_dir: false, file_size: 5 }] });
  });

  it('uploads an empty file', async () => {
    expect((await alpha.put(`${run.root}/empty.txt`, new Uint8Array())).status).toBe(200);
    const got = await alpha.get(`${run.root}/empty.txt`);
    expect(got.status).toBe(200);
    expect((await got.arrayBuffer()).byteLength).toBe(0);
  });

  it('overwrites in place: new bytes, refreshed row, still one row', async () => {
    expect((await alpha.put(`${run.root}/notes.txt`, 'first version')).status).toBe(200);
    expect((await alpha.put(`${run.root}/notes.txt`, 'second')).status).toBe(200);
    expect(await (await alpha.get(`${run.root}/notes.txt`)).text()).toBe('second');
    const rows = await db.artifact.findMany({ where: { runId: run.runId, path: 'notes.txt' } });
    expect(rows.map((r) => ({ size: Number(r.size), sha256: r.sha256 }))).toEqual([{ size: 6, sha256: sha256('second') }]);
  });

  it('keeps the row and the bytes in agreement under concurrent overwrites', async () => {
    const versions = Array.from({ length: 6 }, (_, i) => `version ${i} `.repeat(1000 * (i + 1)));
    const replies = await Promise.all(versions.map((content) => alpha.put(`${run.root}/raced.txt`, content)));
    expect(replies.map((r) => r.status)).toEqual(versions.map(() => 200));
    const row = await db.artifact.findUnique({ where: { runId_path: { runId: run.runId, path: 'raced.txt' } } });
    const onDisk = fs.readFileSync(path.join(storeRoot, run.root, 'raced.txt'));
    expect({ size: Number(row?.size), sha256: row?.sha256 }).toEqual({ size: onDisk.length, sha256: sha256(onDisk) });
    expect(versions).toContain(onDisk.toString('utf8'));
    expect(fs.readdirSync(path.join(storeRoot, '.tmp'))).toEqual([]);
  });

  it('serves a byte range', async () => {
    await alpha.put(`${run.root}/digits.txt`, '0123456789', 'text/plain');
    const got = await alpha.get(`${run.root}/digits.txt`, { range: 'bytes=3-6' });
    expect(got.status).toBe(206);
    expect(got.headers.get('content-range')).toBe('bytes 3-6/10');
    expect(await got.text()).toBe('3456');
  });
});

describe('listing', () => {
  beforeAll(async () => {
    for (const [file, content] of [
      ['tree/a.txt', 'aaa'],
      ['tree/dir/b.txt', 'bb'],
      ['tree/dir/sub/c.txt', 'c'],
      ['tree/dir2/d.txt', 'dddd'],
    ]) {
      expect((await alpha.put(`${otherRun.root}/${file}`, content)).status).toBe(200);
    }
  });

  it('lists one directory level with basenames, as the MLflow server does', async () => {
    expect((await alpha.list(otherRun.root)).body).toEqual({ files: [{ path: 'tree', is_dir: true }] });
    expect((await alpha.list(`${otherRun.root}/tree`)).body).toEqual({
      files: [
        { path: 'a.txt', is_dir: false, file_size: 3 },
        { path: 'dir', is_dir: true },
        { path: 'dir2', is_dir: true },
      ],
    });
    expect((await alpha.list(`${otherRun.root}/tree/dir`)).body).toEqual({
      files: [
        { path: 'b.txt', is_dir: false, file_size: 2 },
        { path: 'sub', is_dir: true },
      ],
    });
  });

  it('lists nothing for a file or a missing directory (the client then downloads the file)', async () => {
    for (const dir of [`${otherRun.root}/tree/a.txt`, `${otherRun.root}/nowhere`]) {
      const reply = await alpha.list(dir);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({});
    }
  });

  it('downloading a directory is RESOURCE_DOES_NOT_EXIST', async () => {
    expectMlflowError(await toReply(await alpha.get(`${otherRun.root}/tree/dir`)), 404, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('agrees with the REST artifacts/list endpoint', async () => {
    const reply = await mlflowApi(app, bearer(world().alpha.write)).get('artifacts/list', { run_id: otherRun.runId, path: 'tree/dir' });
    expect(reply.body).toEqual({
      root_uri: `mlflow-artifacts:/${otherRun.root}`,
      files: [
        { path: 'tree/dir/b.txt', is_dir: false, file_size: 2 },
        { path: 'tree/dir/sub', is_dir: true },
      ],
    });
  });

  it('refuses a file where a directory is, and a directory where a file is', async () => {
    expectMlflowError(await toReply(await alpha.put(`${otherRun.root}/tree/dir`, 'x')), 400, 'INVALID_PARAMETER_VALUE', /directory/);
    expectMlflowError(await toReply(await alpha.put(`${otherRun.root}/tree/a.txt/inside`, 'x')), 400, 'INVALID_PARAMETER_VALUE', /file/);
    expect(await (await alpha.get(`${otherRun.root}/tree/a.txt`)).text()).toBe('aaa');
  });
});

describe('delete', () => {
  it('deletes a file, then a directory, from the table and the store', async () => {
    const base = `${run.root}/doomed`;
    for (const file of ['keep.txt', 'dir/x.txt', 'dir/sub/y.txt', 'dirx.txt']) expect((await alpha.put(`${base}/${file}`, file)).status).toBe(200);

    expect((await alpha.delete(`${base}/keep.txt`)).status).toBe(200);
    expectMlflowError(await toReply(await alpha.get(`${base}/keep.txt`)), 404, 'RESOURCE_DOES_NOT_EXIST');
    expect(fs.existsSync(path.join(storeRoot, base, 'keep.txt'))).toBe(false);

    expect((await alpha.delete(`${base}/dir`)).status).toBe(200);
    expect((await alpha.list(base)).body).toEqual({ files: [{ path: 'dirx.txt', is_dir: false, file_size: 8 }] });
    expect(fs.existsSync(path.join(storeRoot, base, 'dir'))).toBe(false);
    expect(fs.existsSync(path.join(storeRoot, base, 'dirx.txt'))).toBe(true);

    // Deleting what is not there is not an error, as with MLflow's stores.
    expect((await alpha.delete(`${base}/dir`)).status).toBe(200);
  });
});

describe('large files', () => {
  it('streams a 48 MiB upload and download without holding the file in memory', async () => {
    const size = 48 * 1024 * 1024;
    const { stream, digest, maxLead } = generatedStream(size, 7, true);
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
    const started = performance.now();
    const put = await toReply(await alpha.put(`${run.root}/big/data.bin`, stream));
    const uploadMs = performance.now() - started;
    clearInterval(sampler);
    expect(put.status, put.text).toBe(200);

    const row = await db.artifact.findUnique({ where: { runId_path: { runId: run.runId, path: 'big/data.bin' } } });
    expect({ size: Number(row?.size), sha256: row?.sha256 }).toEqual({ size, sha256: digest() });

    // Download hashing chunk by chunk, never concatenating.
    const got = await alpha.get(`${run.root}/big/data.bin`);
    const hash = createHash('sha256');
    let received = 0;
    for await (const chunk of got.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      received += chunk.length;
    }
    expect({ received, sha256: hash.digest('hex') }).toEqual({ received: size, sha256: digest() });

    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.info(
      `[artifacts] 48 MiB upload: ${uploadMs.toFixed(0)} ms; producer at most ${mib(maxLead())} MiB ahead of the disk; ` +
        `arrayBuffers peak growth ${mib(peak - before)} MiB (garbage included)`,
    );
    // Streaming keeps the producer a bounded amount (chunks plus socket and server stream
    // buffers, up to ~10 MiB seen under load with the real server) ahead of the file on disk;
    // buffering the body first would put it the whole 48 MiB ahead. Half the file separates them.
    expect(maxLead()).toBeLessThan(size / 2);
  });

  it('refuses a body over CAIRN_MAX_ARTIFACT_BYTES with 413, keeping nothing', async () => {
    const filesBefore = storedFiles();
    const { stream } = generatedStream(MAX_BYTES + 1024 * 1024, 3);
    const reply = await toReply(await alpha.put(`${run.root}/big/too-big.bin`, stream));
    expect(reply.status).toBe(413);
    expect(reply.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(await db.artifact.count({ where: { runId: run.runId, path: 'big/too-big.bin' } })).toBe(0);
    expect(storedFiles()).toEqual(filesBefore);
  });

  it('refuses an announced Content-Length over the limit before reading', async () => {
    const response = await app.fetch(`${PROXY}/${run.root}/big/announced.bin`, {
      method: 'PUT',
      headers: { ...authHeaders(bearer(world().alpha.write)), 'content-length': String(MAX_BYTES + 1) },
      body: 'tiny',
    }).catch(() => null);
    // Over real HTTP the client may refuse the mismatched length itself; in-process it is answered.
    if (response) expect(response.status).toBe(413);
    expect(await db.artifact.count({ where: { runId: run.runId, path: 'big/announced.bin' } })).toBe(0);
  });
});

describe('traversal corpus', () => {
  // Each is refused as INVALID_PARAMETER_VALUE: these survive URL parsing and reach the proxy.
  const refusedInUrl = [
    '..%2f..%2f..%2fescape.txt',
    '..%2F..%2Fescape.txt',
    '%2e%2e%2fescape.txt',
    '%252e%252e/%252e%252e/escape.txt',
    '%252e%252e%252fescape.txt',
    '..%252f..%252fescape.txt',
    '%5c..%5c..%5cescape.txt',
    '..%5cescape.txt',
    '%255c..%255cescape.txt',
    '..;/..;/escape.txt',
    'a;jsessionid=1/escape.txt',
    'a%3b/escape.txt',
    'escape%00.txt',
    'a%0a/escape.txt',
    '%2fetc%2fescape.txt',
    'C:%5cescape.txt',
    '%E0%A4%A',
  ];

  it.each(refusedInUrl)('PUT/GET/DELETE %s -> 400', async (evil) => {
    for (const reply of [
      await toReply(await alpha.put(`${run.root}/${evil}`, 'pwned')),
      await toReply(await alpha.get(`${run.root}/${evil}`)),
      await alpha.delete(`${run.root}/${evil}`),
    ]) {
      // Next's own server may refuse a few of these (bad escapes) before the route runs:
      // still a 400, just not in MLflow's shape.
      if (process.env.CAIRN_TEST_TARGET === 'server' && reply.body?.error_code === undefined) expect(reply.status, reply.text).toBe(400);
      else expectMlflowError(reply, 400, 'INVALID_PARAMETER_VALUE');
    }
  });

  // The list form carries the path in the query string, which no URL parser normalizes:
  // the whole corpus reaches the server as it is.
  const refusedInQuery = ['..', '../escape', 'a/../..', '../../1/ffffffffffffffffffffffffffffffff/artifacts', '%2e%2e', '%2e%2e/x', '..%2fx', '%2E%2e', 'a\\..\\..', '..;', 'a;b', '/etc', 'C:/x', 'a//b', 'a/./b', 'x\u0000', '~/x'];

  it.each(refusedInQuery)('list ?path=<root>/%s -> 400', async (evil) => {
    expectMlflowError(await alpha.list(`${run.root}/${evil}`), 400, 'INVALID_PARAMETER_VALUE');
  });

  it('refuses list paths that do not name a run root', async () => {
    for (const dir of ['', '/', `${run.projectId}`, `${run.projectId}/${run.runId}`, `../${run.root}`, `${run.projectId}/${run.runId}/../${otherRun.runId}/artifacts`]) {
      expectMlflowError(await alpha.list(dir), 400, 'INVALID_PARAMETER_VALUE');
    }
  });

  // URL parsers resolve these dot segments (and turn '\' into '/') before any server sees
  // them; whatever route they land on, nothing may be written outside the run's root.
  const normalizedAway = ['../../escape.txt', '%2e%2e/%2e%2e/escape.txt', '.%2e/escape.txt', '..\\..\\escape.txt', '../../ffffffffffffffffffffffffffffffff/artifacts/escape.txt'];

  it.each(normalizedAway)('PUT %s is refused or lands nowhere', async (evil) => {
    const response = await alpha.put(`${run.root}/${evil}`, 'pwned');
    expect([400, 404, 405]).toContain(response.status);
  });

  // Next would answer a double slash with a redirect repeating the URL in two headers, which
  // clients cannot read past 16 KiB: the server's edge refuses over-long URLs first.
  it.skipIf(process.env.CAIRN_TEST_TARGET !== 'server')('an over-long URL is 414, not a redirect the client cannot read', async () => {
    const response = await alpha.get(`${run.root}/${'x'.repeat(9000)}//a`);
    expectMlflowError(await toReply(response), 414, 'INVALID_PARAMETER_VALUE');
  });

  it('a single encoded dot segment is resolved by the URL parser, inside the root', async () => {
    expect((await alpha.put(`${run.root}/dots/%2e/inside.txt`, 'in')).status).toBe(200);
    expect(await (await alpha.get(`${run.root}/dots/inside.txt`)).text()).toBe('in');
  });

  it('wrote nothing outside run roots, and no row with a suspicious path', async () => {
    const roots = [run, otherRun, betaRun].map((r) => `${r.root}/`);
    const stray = storedFiles().filter((file) => !roots.some((root) => file.startsWith(root)));
    expect(stray).toEqual([]);
    expect(storedFiles().filter((file) => file.includes('escape'))).toEqual([]);
    expect(fs.readdirSync(storeBase)).toEqual(['store']);
    const rows = await db.artifact.findMany({ select: { path: true } });
    expect(rows.filter((r) => /\.\.|\\|;|%|\0|^\/|escape/.test(r.path) && !r.path.includes('100%'))).toEqual([]);
  });
});

describe('authorization', () => {
  let file: string;
  beforeAll(async () => {
    file = `${run.root}/secure/weights.bin`;
    expect((await alpha.put(file, 'weights')).status).toBe(200);
  });

  it('a read token downloads and lists but cannot upload or delete', async () => {
    const reader = proxy(bearer(world().alpha.read));
    expect(await (await reader.get(file)).text()).toBe('weights');
    expect((await reader.list(`${run.root}/secure`)).status).toBe(200);
    expectMlflowError(await toReply(await reader.put(file, 'overwritten')), 403, 'PERMISSION_DENIED');
    expectMlflowError(await toReply(await reader.put(`${run.root}/secure/new.bin`, 'new')), 403, 'PERMISSION_DENIED');
    expectMlflowError(await reader.delete(file), 403, 'PERMISSION_DENIED');
    expect(await (await alpha.get(file)).text()).toBe('weights');
    expect(fs.existsSync(path.join(storeRoot, run.root, 'secure/new.bin'))).toBe(false);
  });

  it("another team's run is RESOURCE_DOES_NOT_EXIST for every method", async () => {
    const beta = proxy(bearer(world().beta.write));
    expectMlflowError(await toReply(await beta.get(file)), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await beta.list(`${run.root}/secure`), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await toReply(await beta.put(file, 'overwritten')), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await beta.delete(file), 404, 'RESOURCE_DOES_NOT_EXIST');
    // ...and alpha cannot reach beta's run either.
    expectMlflowError(await toReply(await alpha.put(`${betaRun.root}/x.txt`, 'x')), 404, 'RESOURCE_DOES_NOT_EXIST');
    expect(await (await alpha.get(file)).text()).toBe('weights');
  });

  it('a run reached through another experiment id is RESOURCE_DOES_NOT_EXIST', async () => {
    const wrongProject = `${betaRun.projectId}/${run.runId}/artifacts/secure/weights.bin`;
    expectMlflowError(await toReply(await alpha.get(wrongProject)), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await toReply(await alpha.put(wrongProject, 'x')), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await toReply(await alpha.get(`999999/${run.runId}/artifacts/secure/weights.bin`)), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await toReply(await alpha.get(`${run.projectId}/${'f'.repeat(32)}/artifacts/x`)), 404, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('anonymous callers are UNAUTHENTICATED', async () => {
    const anonymous = proxy(null);
    expectMlflowError(await toReply(await anonymous.get(file)), 401, 'UNAUTHENTICATED');
    expectMlflowError(await toReply(await anonymous.put(file, 'x')), 401, 'UNAUTHENTICATED');
    expectMlflowError(await anonymous.delete(file), 401, 'UNAUTHENTICATED');
    expectMlflowError(await anonymous.list(`${run.root}/secure`), 401, 'UNAUTHENTICATED');
  });
});

describe('what a browser gets', () => {
  it.each([
    ['page.html', 'text/html', '<script>alert(1)</script>', 'text/html', 'attachment'],
    ['vector.svg', 'image/svg+xml', '<svg onload="alert(1)"/>', 'image/svg+xml', 'attachment'],
    ['plot.png', 'image/png', 'PNG', 'image/png', 'inline'],
    ['metrics.json', 'application/octet-stream', '{}', 'application/json', 'attachment'],
    ['tricky.png', 'text/html', '<script>', 'text/html', 'attachment'],
  ])('%s uploaded as %s is served as %s, %s', async (name, sentType, content, servedType, disposition) => {
    await alpha.put(`${run.root}/web/${name}`, content, sentType);
    const got = await alpha.get(`${run.root}/web/${name}`);
    expect(got.headers.get('content-type')).toBe(servedType);
    expect(got.headers.get('content-disposition')).toMatch(new RegExp(`^${disposition}; filename="${name.replace('.', '\\.')}"`));
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('the UI download route serves the same file to a signed-in member, not to another team', async () => {
    await alpha.put(`${run.root}/ui/report.txt`, 'report', 'text/plain');
    const member = await app.fetch(`/api/artifacts/${run.runId}/ui/report.txt`, { headers: { cookie: world().alpha.sessionCookie } });
    expect(member.status).toBe(200);
    expect(await member.text()).toBe('report');
    expect(member.headers.get('content-disposition')).toMatch(/^attachment/);

    const betaReply = await toReply(await app.fetch(`/api/artifacts/${run.runId}/ui/report.txt`, { headers: authHeaders(bearer(world().beta.write)) }));
    expectMlflowError(betaReply, 404, 'RESOURCE_DOES_NOT_EXIST');
    expectMlflowError(await toReply(await app.fetch(`/api/artifacts/${run.runId}/ui/report.txt`)), 401, 'UNAUTHENTICATED');
    expectMlflowError(await toReply(await app.fetch(`/api/artifacts/${run.runId}/..%2f..%2fx`, { headers: { cookie: world().alpha.sessionCookie } })), 400, 'INVALID_PARAMETER_VALUE');
  });
});

describe('multipart and presigned transfers', () => {
  it('answers 501 with the message that makes the MLflow client fall back to a plain PUT', async () => {
    const reply = await toReply(
      await app.fetch(`/api/2.0/mlflow-artifacts/mpu/create/${run.root}/big.bin`, {
        method: 'POST',
        headers: { ...authHeaders(bearer(world().alpha.write)), 'content-type': 'application/json' },
        body: JSON.stringify({ path: 'big.bin', num_parts: 2 }),
      }),
    );
    expect(reply.status).toBe(501);
    expect(reply.body.message.startsWith('Multipart upload is not supported for the current artifact repository')).toBe(true);
    const presigned = await app.fetch(`/api/2.0/mlflow-artifacts/presigned/${run.root}/big.bin`, { headers: authHeaders(bearer(world().alpha.write)) });
    expect(presigned.status).toBe(501);
  });
});
