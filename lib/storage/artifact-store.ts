// Where artifact bytes live. Keys are '/'-separated, built by Cairn from validated parts
// (see artifact-path.ts and artifact-keys.ts), never taken from a request as they are.
// Everything streams: no store ever holds a whole file in memory.
import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError } from '../errors.ts';

export type ByteRange = { start: number; end: number }; // inclusive, like HTTP Range

export type PutOptions = {
  contentType?: string;
  /** Refuse (PAYLOAD_TOO_LARGE) and store nothing once the body passes this many bytes. */
  maxBytes?: number;
};

export type StoredObject = { size: number; sha256: string };

export type StoredBody = {
  body: ReadableStream<Uint8Array>;
  /** Size of the whole object (not of the range). */
  size: number;
};

export type UploadBody = ReadableStream<Uint8Array> | NodeJS.ReadableStream;

/** How much a set of objects holds. */
export type Usage = { objects: number; bytes: number };

/** Areas of a store that hold uploads in progress (never a run's tree: run keys start with a digit). */
export const TEMPORARY_PREFIXES = ['.tmp', '.uploads'] as const;

export interface ArtifactStore {
  /** Human-readable location for logs and the admin CLI (never secrets). */
  readonly description: string;
  /** Write atomically: a reader sees the old object or the whole new one, never a part. */
  put(key: string, body: UploadBody, options?: PutOptions): Promise<StoredObject>;
  /** The object's bytes (or a byte range of them), or null when there is no such object. */
  get(key: string, range?: ByteRange): Promise<StoredBody | null>;
  /** Replace `to` with `from` (both keys of this store); `from` is gone afterwards. */
  move(from: string, to: string): Promise<void>;
  /** Remove one object; a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Remove every object whose key starts with `prefix` + '/' (a whole "directory"); says what went. */
  deletePrefix(prefix: string): Promise<Usage>;
  /** What the objects under `prefix` + '/' hold. */
  usage(prefix: string): Promise<Usage>;
  /**
   * Remove what interrupted uploads left behind (TEMPORARY_PREFIXES, and for S3 unfinished
   * multipart uploads) last written before `olderThan`; with `dryRun`, only count it.
   */
  sweepStale(olderThan: Date, options?: { dryRun?: boolean }): Promise<Usage>;
}

/** A key is '/'-separated plain segments; anything else is a bug in the caller. */
export function assertStoreKey(key: string): void {
  if (
    typeof key !== 'string' ||
    key === '' ||
    key.length > 4096 ||
    key.includes('\\') ||
    key.includes('\0') ||
    key.split('/').some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new Error(`Invalid artifact store key: ${JSON.stringify(key)}`);
  }
}

/** Node stream of any accepted body. */
export function toNodeReadable(body: UploadBody): Readable {
  if (body instanceof Readable) return body;
  if (typeof (body as ReadableStream).getReader === 'function') {
    return Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  }
  return Readable.from(body as AsyncIterable<Uint8Array>);
}

/** Web stream for a Response body. */
export function toWebReadable(stream: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;
}

export const payloadTooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `Artifact is larger than the limit of ${maxBytes} bytes`);

/**
 * Pass-through that hashes and counts the bytes flowing to a store, and fails the stream
 * as soon as it passes `maxBytes`, so an oversized upload stops early and is never committed.
 */
export class HashingCounter extends Transform {
  // Not `size`: lib-storage's Upload reads Body.size as a Blob's length.
  private bytes = 0;
  private readonly hash = createHash('sha256');

  constructor(private readonly maxBytes = Number.POSITIVE_INFINITY) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(payloadTooLarge(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  digest(): StoredObject {
    return { size: this.bytes, sha256: this.hash.digest('hex') };
  }
}
