// No S3 service is reachable here: these check the configuration parsing, the key mapping
// and the commands the store sends (through a recording client), not a real bucket.
import type { S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
