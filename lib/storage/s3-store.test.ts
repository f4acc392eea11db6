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
import { startS3StandIn, type S3StandIn } from '../../tests/helpers/s3-stand-in.ts';

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

// The S3 stand-in (tests/helpers/s3-stand-in.ts) drives the real SDK and lib-storage's Upload end to end.
describe('S3ArtifactStore against an S3-speaking HTTP server', () => {
  let s3: S3StandIn;
  let store: S3ArtifactStore;
  let objects: S3StandIn['objects'];
  let uploads: S3StandIn['uploads'];
  let requests: string[];

  beforeAll(async () => {
    s3 = await startS3StandIn('cairn');
    ({ store, objects, uploads, requests } = s3);
  });
  afterAll(() => s3.close());

  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  it('uploads a small body in one PutObject and reads it back, whole and by range', async () => {
    const stored = await store.put('1/r/artifacts/a.txt', new Response('hello s3').body!);
    expect(stored).toEqual({ size: 8, sha256: sha(Buffer.from('hello s3')) });
    expect(objects.get('cairn/1/r/artifacts/a.txt')?.body.toString()).toBe('hello s3');
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
    expect(objects.get('cairn/1/r/artifacts/big.bin')?.body.equals(expected)).toBe(true);
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

  it('measures and removes prefixes page by page, and sweeps stale uploads and unfinished multipart uploads', async () => {
    for (let i = 0; i < 3; i++) await store.put(`7/r/artifacts/f${i}.bin`, new Response('x'.repeat(100 + i)).body!);
    await store.put('77/r/artifacts/other.bin', new Response('other').body!);
    expect(await store.usage('7')).toEqual({ objects: 3, bytes: 303 });
    expect(await store.deletePrefix('7')).toEqual({ objects: 3, bytes: 303 });
    expect(await store.usage('7')).toEqual({ objects: 0, bytes: 0 });
    expect(await store.usage('77')).toEqual({ objects: 1, bytes: 5 });

    const old = new Date(Date.now() - 2 * 86_400_000);
    await store.put('.uploads/stale', new Response('s'.repeat(40)).body!);
    objects.get('cairn/.uploads/stale')!.modified = old;
    await store.put('.uploads/fresh', new Response('fresh').body!);
    // A multipart upload a crashed process left open, and one still in progress.
    uploads.set('crashed', { key: 'cairn/9/r/artifacts/huge.bin', parts: new Map([[1, Buffer.alloc(64)], [2, Buffer.alloc(36)]]), initiated: old });
    uploads.set('running', { key: 'cairn/9/r/artifacts/other.bin', parts: new Map([[1, Buffer.alloc(10)]]), initiated: new Date() });

    const cutoff = new Date(Date.now() - 86_400_000);
    expect(await store.sweepStale(cutoff, { dryRun: true })).toEqual({ objects: 2, bytes: 140 });
    expect(objects.has('cairn/.uploads/stale')).toBe(true);
    expect(uploads.has('crashed')).toBe(true);
    expect(await store.sweepStale(cutoff)).toEqual({ objects: 2, bytes: 140 });
    expect(objects.has('cairn/.uploads/stale')).toBe(false);
    expect(objects.has('cairn/.uploads/fresh')).toBe(true);
    expect([...uploads.keys()]).toEqual(['running']);
    uploads.clear();
  });
});
