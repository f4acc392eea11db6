// No S3 service is reachable here: these check the configuration parsing, the key mapping
// and the commands the store sends (through a recording client), not a real bucket.
import type { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtifactStore, maxArtifactBytes } from './index.ts';
import { LocalArtifactStore } from './local-store.ts';
import { copySource, objectKey, parseS3Location, S3ArtifactStore, s3ClientConfigFromEnv } from './s3-store.ts';

describe('parseS3Location', () => {
  it.each([
    ['s3://bucket', { bucket: 'bucket', prefix: '' }],
    ['s3://bucket/', { bucket: 'bucket', prefix: '' }],
    ['s3://my-bucket/cairn', { bucket: 'my-bucket', prefix: 'cairn' }],
    ['s3://my.bucket/a/b/', { bucket: 'my.bucket', prefix: 'a/b' }],
    [' s3://bkt//deep/prefix// ', { bucket: 'bkt', prefix: 'deep/prefix' }],
  ])('%j', (uri, expected) => {
    expect(parseS3Location(uri)).toEqual(expected);
  });

  it.each(['bucket/prefix', 'http://bucket/x', 's3://', 's3://UPPER/x', 's3://a/x', 's3://bucket/a/../b', 's3://bucket/a//b', 's3://bucket/a\\b'])(
    'refuses %j',
    (uri) => {
      expect(() => parseS3Location(uri)).toThrow();
    },
  );
});

describe('s3ClientConfigFromEnv', () => {
  it('defaults to us-east-1, virtual-hosted style and the SDK endpoint', () => {
    expect(s3ClientConfigFromEnv({})).toEqual({ region: 'us-east-1', forcePathStyle: false });
  });

  it('reads region, endpoint (S3-specific first) and path style for MinIO', () => {
    expect(
      s3ClientConfigFromEnv({
        AWS_REGION: 'eu-west-3',
        AWS_DEFAULT_REGION: 'ignored',
        AWS_ENDPOINT_URL: 'http://generic:9000',
        AWS_ENDPOINT_URL_S3: 'http://minio:9000',
        CAIRN_S3_FORCE_PATH_STYLE: 'true',
      }),
    ).toEqual({ region: 'eu-west-3', endpoint: 'http://minio:9000', forcePathStyle: true });
    expect(s3ClientConfigFromEnv({ AWS_DEFAULT_REGION: 'ap-south-1', AWS_ENDPOINT_URL: 'http://generic:9000', CAIRN_S3_FORCE_PATH_STYLE: '0' })).toEqual({
      region: 'ap-south-1',
      endpoint: 'http://generic:9000',
      forcePathStyle: false,
    });
  });
});

describe('key mapping', () => {
  it('puts store keys under the prefix', () => {
    expect(objectKey({ bucket: 'b', prefix: '' }, '7/abc/artifacts/x.txt')).toBe('7/abc/artifacts/x.txt');
    expect(objectKey({ bucket: 'b', prefix: 'cairn/prod' }, '7/abc/artifacts/x.txt')).toBe('cairn/prod/7/abc/artifacts/x.txt');
  });

  it('URL-encodes each key segment of a CopySource', () => {
    expect(copySource({ bucket: 'b', prefix: 'p' }, '.uploads/loss curve+é.png')).toBe('b/p/.uploads/loss%20curve%2B%C3%A9.png');
  });

  it('refuses keys that are not plain relative segments', () => {
    for (const key of ['', '../x', 'a//b', '/abs', 'a\\b']) expect(() => objectKey({ bucket: 'b', prefix: 'p' }, key)).toThrow();
  });
});

type Sent = { name: string; input: Record<string, unknown> };

/** An S3Client stand-in that records commands and answers listings page by page. */
function recordingClient(pages: string[][]): { client: S3Client; sent: Sent[] } {
  const sent: Sent[] = [];
  let page = 0;
  const client = {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      sent.push({ name: command.constructor.name, input: command.input });
      if (command.constructor.name === 'ListObjectsV2Command') {
        const keys = pages[page] ?? [];
        page += 1;
        return { Contents: keys.map((Key) => ({ Key })), IsTruncated: page < pages.length, NextContinuationToken: `t${page}` };
      }
      if (command.constructor.name === 'GetObjectCommand') {
        const error = Object.assign(new Error('missing'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
        throw error;
      }
      return {};
    },
  } as unknown as S3Client;
  return { client, sent };
}

describe('S3ArtifactStore commands', () => {
  it('deletes a prefix page by page with one DeleteObjects per page, never a sibling prefix', async () => {
    const { client, sent } = recordingClient([['p/1/r/artifacts/d/a', 'p/1/r/artifacts/d/b'], ['p/1/r/artifacts/d/c']]);
    await new S3ArtifactStore({ bucket: 'bkt', prefix: 'p' }, client).deletePrefix('1/r/artifacts/d');
    expect(sent.map((s) => s.name)).toEqual(['ListObjectsV2Command', 'DeleteObjectsCommand', 'ListObjectsV2Command', 'DeleteObjectsCommand']);
    expect(sent[0].input).toMatchObject({ Bucket: 'bkt', Prefix: 'p/1/r/artifacts/d/' });
    expect(sent[2].input).toMatchObject({ ContinuationToken: 't1' });
    expect(sent[3].input).toMatchObject({ Delete: { Objects: [{ Key: 'p/1/r/artifacts/d/c' }], Quiet: true } });
  });

  it('moves with a copy then a delete, and answers null for a missing object', async () => {
    const { client, sent } = recordingClient([]);
    const store = new S3ArtifactStore({ bucket: 'bkt', prefix: '' }, client);
    await store.move('.uploads/u', '1/r/artifacts/x.txt');
    expect(sent).toEqual([
      { name: 'CopyObjectCommand', input: expect.objectContaining({ Bucket: 'bkt', CopySource: 'bkt/.uploads/u', Key: '1/r/artifacts/x.txt' }) },
      { name: 'DeleteObjectCommand', input: { Bucket: 'bkt', Key: '.uploads/u' } },
    ]);
    expect(await store.get('1/r/artifacts/x.txt', { start: 0, end: 9 })).toBeNull();
    expect(sent.at(-1)).toEqual({ name: 'GetObjectCommand', input: { Bucket: 'bkt', Key: '1/r/artifacts/x.txt', Range: 'bytes=0-9' } });
  });
});

describe('store selection and limits', () => {
  it('picks the store from CAIRN_ARTIFACT_STORE', () => {
    expect(createArtifactStore('s3://bkt/pre')).toBeInstanceOf(S3ArtifactStore);
    expect((createArtifactStore('s3://bkt/pre') as S3ArtifactStore).location).toEqual({ bucket: 'bkt', prefix: 'pre' });
    expect((createArtifactStore('/srv/cairn-artifacts') as LocalArtifactStore).root).toBe('/srv/cairn-artifacts');
    expect((createArtifactStore('file:///srv/x') as LocalArtifactStore).root).toBe('/srv/x');
    const fallback = createArtifactStore('');
    expect(fallback).toBeInstanceOf(LocalArtifactStore);
    expect(path.basename((fallback as LocalArtifactStore).root)).toBe('artifacts');
    expect(() => createArtifactStore('relative/dir')).toThrow(/CAIRN_ARTIFACT_STORE/);
    expect(() => createArtifactStore('gs://bucket')).toThrow(/CAIRN_ARTIFACT_STORE/);
  });

  it('reads CAIRN_MAX_ARTIFACT_BYTES, 5 GiB by default', () => {
    expect(maxArtifactBytes({})).toBe(5 * 1024 ** 3);
    expect(maxArtifactBytes({ CAIRN_MAX_ARTIFACT_BYTES: '1048576' })).toBe(1048576);
    expect(() => maxArtifactBytes({ CAIRN_MAX_ARTIFACT_BYTES: '-1' })).toThrow();
    expect(() => maxArtifactBytes({ CAIRN_MAX_ARTIFACT_BYTES: '1e3x' })).toThrow();
  });
});

// A tiny S3 stand-in over HTTP (path-style PutObject, multipart upload, GetObject with Range,
// DeleteObject): enough to drive the real SDK and lib-storage's Upload end to end.
describe('S3ArtifactStore against an S3-speaking HTTP server', () => {
  type Upload = { key: string; parts: Map<number, Buffer> };
  const objects = new Map<string, Buffer>();
  const uploads = new Map<string, Upload>();
  const requests: string[] = [];
  let server: import('node:http').Server;
  let store: S3ArtifactStore;

  beforeAll(async () => {
    const http = await import('node:http');
    const { S3Client } = await import('@aws-sdk/client-s3');
    server = http.createServer(async (req, res) => {
      const url = new URL(req.url!, 'http://localhost');
      const [, bucket, ...rest] = url.pathname.split('/');
      const key = rest.map(decodeURIComponent).join('/');
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const q = url.searchParams;
      requests.push(`${req.method} ${q.has('uploads') ? 'create' : q.has('partNumber') ? 'part' : q.has('uploadId') ? 'complete/abort' : 'object'}`);
      const xml = (status: number, text: string) => res.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?>${text}`);
      if (bucket !== 'bkt') return xml(404, '<Error><Code>NoSuchBucket</Code></Error>');
      if (req.method === 'POST' && q.has('uploads')) {
        const id = `u${uploads.size + 1}`;
        uploads.set(id, { key, parts: new Map() });
        return xml(200, `<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
      }
      if (req.method === 'PUT' && q.has('partNumber')) {
        uploads.get(q.get('uploadId')!)!.parts.set(Number(q.get('partNumber')), body);
        return res.writeHead(200, { etag: `"p${q.get('partNumber')}"` }).end();
      }
      if (req.method === 'POST' && q.has('uploadId')) {
        const upload = uploads.get(q.get('uploadId')!)!;
        objects.set(upload.key, Buffer.concat([...upload.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, part]) => part)));
        uploads.delete(q.get('uploadId')!);
        return xml(200, `<CompleteMultipartUploadResult><Bucket>bkt</Bucket><Key>${key}</Key><ETag>"x"</ETag></CompleteMultipartUploadResult>`);
      }
      if (req.method === 'DELETE' && q.has('uploadId')) {
        uploads.delete(q.get('uploadId')!);
        return res.writeHead(204).end();
      }
      if (req.method === 'PUT') {
        objects.set(key, body);
        return res.writeHead(200, { etag: '"x"' }).end();
      }
      if (req.method === 'DELETE') {
        objects.delete(key);
        return res.writeHead(204).end();
      }
      if (req.method === 'GET') {
        const object = objects.get(key);
        if (!object) return xml(404, '<Error><Code>NoSuchKey</Code><Message>missing</Message></Error>');
        const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
        if (range) {
          const [start, end] = [Number(range[1]), Number(range[2])];
          return res
            .writeHead(206, { 'content-range': `bytes ${start}-${end}/${object.length}`, 'content-length': end - start + 1 })
            .end(object.subarray(start, end + 1));
        }
        return res.writeHead(200, { 'content-length': object.length }).end(object);
      }
      return xml(400, '<Error><Code>NotImplemented</Code></Error>');
    });
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    const port = (server.address() as import('node:net').AddressInfo).port;
    const client = new S3Client({
      ...s3ClientConfigFromEnv({ AWS_ENDPOINT_URL_S3: `http://localhost:${port}`, CAIRN_S3_FORCE_PATH_STYLE: 'true' }),
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    store = new S3ArtifactStore({ bucket: 'bkt', prefix: 'cairn' }, client);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  it('uploads a small body in one PutObject and reads it back, whole and by range', async () => {
    const stored = await store.put('1/r/artifacts/a.txt', new Response('hello s3').body!);
    expect(stored).toEqual({ size: 8, sha256: sha(Buffer.from('hello s3')) });
    expect(objects.get('cairn/1/r/artifacts/a.txt')?.toString()).toBe('hello s3');
    const whole = await store.get('1/r/artifacts/a.txt');
    expect({ size: whole?.size, text: await new Response(whole!.body).text() }).toEqual({ size: 8, text: 'hello s3' });
    const part = await store.get('1/r/artifacts/a.txt', { start: 6, end: 7 });
    expect({ size: part?.size, text: await new Response(part!.body).text() }).toEqual({ size: 8, text: 's3' });
    expect(await store.get('1/r/artifacts/missing.txt')).toBeNull();
  });

  it('streams a 20 MiB body as a multipart upload, hashing on the way', async () => {
    requests.length = 0;
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const body = Readable.from((function* () {
      for (let i = 0; i < 20; i++) yield chunk;
    })());
    const stored = await store.put('1/r/artifacts/big.bin', body);
    const expected = Buffer.alloc(20 * 1024 * 1024, 7);
    expect(stored).toEqual({ size: expected.length, sha256: sha(expected) });
    expect(objects.get('cairn/1/r/artifacts/big.bin')?.equals(expected)).toBe(true);
    expect(requests.filter((r) => r === 'PUT part').length).toBe(3); // 8 + 8 + 4 MiB
    expect(requests).toContain('POST create');
  });

  it('aborts the multipart upload and stores nothing when the body passes the limit', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 1);
    const body = Readable.from((function* () {
      for (let i = 0; i < 20; i++) yield chunk;
    })());
    await expect(store.put('1/r/artifacts/too-big.bin', body, { maxBytes: 10 * 1024 * 1024 })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(objects.has('cairn/1/r/artifacts/too-big.bin')).toBe(false);
    expect(uploads.size).toBe(0);
  });
});
