// Artifacts in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2...), selected with
// CAIRN_ARTIFACT_STORE=s3://bucket/prefix. Endpoint, region and credentials come from the
// usual AWS environment variables (the SDK's default credential chain); MinIO needs
// CAIRN_S3_FORCE_PATH_STYLE=true. Uploads stream through lib-storage's multipart Upload:
// at most partSize * queueSize bytes are in memory, and S3 only shows the object once the
// upload completes (an aborted upload leaves nothing).
import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { pipeline } from 'node:stream';
import {
  assertStoreKey,
  HashingCounter,
  TEMPORARY_PREFIXES,
  toNodeReadable,
  type ArtifactStore,
  type ByteRange,
  type PutOptions,
  type StoredBody,
  type StoredObject,
  type UploadBody,
  type Usage,
} from './artifact-store.ts';

export type S3Location = { bucket: string; prefix: string };

// S3 bucket naming rules (lowercase, digits, dots, hyphens; 3-63 characters).
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parse `s3://bucket[/prefix]`; the prefix loses surrounding slashes. */
export function parseS3Location(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(uri.trim());
  if (!match) throw new Error(`CAIRN_ARTIFACT_STORE must look like s3://bucket/prefix, got '${uri}'`);
  const bucket = match[1];
  if (!bucketName.test(bucket)) throw new Error(`Invalid S3 bucket name '${bucket}' in CAIRN_ARTIFACT_STORE`);
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((s) => s === '.' || s === '..') || /\/\/|\\/.test(prefix)) {
    throw new Error(`Invalid S3 prefix '${prefix}' in CAIRN_ARTIFACT_STORE`);
  }
  return { bucket, prefix };
}

const truthy = (value: string | undefined) => /^(1|true|yes|on)$/i.test(value?.trim() ?? '');

/** S3 client settings from the environment; credentials are left to the SDK's chain. */
export function s3ClientConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): S3ClientConfig {
  const config: S3ClientConfig = {
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    forcePathStyle: truthy(env.CAIRN_S3_FORCE_PATH_STYLE),
  };
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  if (endpoint) config.endpoint = endpoint;
  return config;
}

/** The object key for a store key. */
export function objectKey(location: S3Location, key: string): string {
  assertStoreKey(key);
  return location.prefix ? `${location.prefix}/${key}` : key;
}

/** CopySource header value: bucket/key, each key segment URL-encoded. */
export function copySource(location: S3Location, key: string): string {
  return `${location.bucket}/${objectKey(location, key).split('/').map(encodeURIComponent).join('/')}`;
}

const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

function isNoSuchKey(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

export class S3ArtifactStore implements ArtifactStore {
  readonly location: S3Location;
  private readonly client: S3Client;

  constructor(location: S3Location, client: S3Client = new S3Client(s3ClientConfigFromEnv())) {
    this.location = location;
    this.client = client;
  }

  get description(): string {
    return `s3://${this.location.bucket}/${this.location.prefix}`;
  }

  async put(key: string, body: UploadBody, options: PutOptions = {}): Promise<StoredObject> {
    const counter = new HashingCounter(options.maxBytes);
    // pipeline (not pipe) so a failing source or the size limit fails the upload too.
    pipeline(toNodeReadable(body), counter, () => undefined);
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.location.bucket,
        Key: objectKey(this.location, key),
        Body: counter,
        ContentType: options.contentType,
      },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    await upload.done();
    return counter.digest();
  }

  async get(key: string, range?: ByteRange): Promise<StoredBody | null> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.location.bucket,
          Key: objectKey(this.location, key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      if (!response.Body) return null;
      // With a range, the whole size is the part after '/' in Content-Range.
      const total = response.ContentRange ? Number(response.ContentRange.split('/')[1]) : response.ContentLength;
      return { body: response.Body.transformToWebStream() as ReadableStream<Uint8Array>, size: Number(total ?? 0) };
    } catch (error) {
      if (isNoSuchKey(error)) return null;
      throw error;
    }
  }

  async move(from: string, to: string): Promise<void> {
    // Single-request copy: objects up to 5 GiB, the default CAIRN_MAX_ARTIFACT_BYTES.
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.location.bucket,
        CopySource: copySource(this.location, from),
        Key: objectKey(this.location, to),
        MetadataDirective: 'COPY',
      }),
    );
    await this.delete(from);
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: objectKey(this.location, key) }));
  }

  async deletePrefix(prefix: string): Promise<Usage> {
    const removed: Usage = { objects: 0, bytes: 0 };
    for await (const page of this.listPages(`${objectKey(this.location, prefix)}/`)) {
      // A listing page holds at most 1000 keys, exactly DeleteObjects' batch limit.
      if (page.length === 0) continue;
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.location.bucket, Delete: { Objects: page.map(({ key }) => ({ Key: key })), Quiet: true } }));
      removed.objects += page.length;
      removed.bytes += page.reduce((sum, object) => sum + object.size, 0);
    }
    return removed;
  }

  async usage(prefix: string): Promise<Usage> {
    const usage: Usage = { objects: 0, bytes: 0 };
    for await (const page of this.listPages(`${objectKey(this.location, prefix)}/`)) {
      usage.objects += page.length;
      usage.bytes += page.reduce((sum, object) => sum + object.size, 0);
    }
    return usage;
  }

  async sweepStale(olderThan: Date, options: { dryRun?: boolean } = {}): Promise<Usage> {
    const swept: Usage = { objects: 0, bytes: 0 };
    for (const area of TEMPORARY_PREFIXES) {
      for await (const page of this.listPages(`${objectKey(this.location, area)}/`)) {
        const stale = page.filter((object) => object.modified < olderThan);
        if (stale.length > 0 && !options.dryRun) {
          await this.client.send(new DeleteObjectsCommand({ Bucket: this.location.bucket, Delete: { Objects: stale.map(({ key }) => ({ Key: key })), Quiet: true } }));
        }
        swept.objects += stale.length;
        swept.bytes += stale.reduce((sum, object) => sum + object.size, 0);
      }
    }
    // Multipart uploads a crashed process never completed nor aborted: S3 keeps (and bills)
    // their parts until someone aborts them.
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const listing = await this.client.send(
        new ListMultipartUploadsCommand({
          Bucket: this.location.bucket,
          Prefix: this.location.prefix ? `${this.location.prefix}/` : undefined,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
        }),
      );
      for (const upload of listing.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !upload.Initiated || upload.Initiated >= olderThan) continue;
        const parts = await this.client.send(new ListPartsCommand({ Bucket: this.location.bucket, Key: upload.Key, UploadId: upload.UploadId }));
        if (!options.dryRun) {
          await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.location.bucket, Key: upload.Key, UploadId: upload.UploadId }));
        }
        swept.objects += 1;
        swept.bytes += (parts.Parts ?? []).reduce((sum, part) => sum + (part.Size ?? 0), 0);
      }
      keyMarker = listing.IsTruncated ? listing.NextKeyMarker : undefined;
      uploadIdMarker = listing.IsTruncated ? listing.NextUploadIdMarker : undefined;
    } while (keyMarker);
    return swept;
  }

  /** Every object under a listing prefix, a page (at most 1000) at a time. */
  private async *listPages(listPrefix: string): AsyncGenerator<{ key: string; size: number; modified: Date }[]> {
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: listPrefix, ContinuationToken: continuationToken }),
      );
      yield (page.Contents ?? []).flatMap((object) =>
        object.Key ? [{ key: object.Key, size: Number(object.Size ?? 0), modified: object.LastModified ?? new Date(0) }] : [],
      );
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }
}
