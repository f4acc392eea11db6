// The artifact store Cairn uses, picked from the environment once per process:
// CAIRN_ARTIFACT_STORE=s3://bucket/prefix for S3-compatible storage, otherwise the local
// filesystem under <CAIRN_DATA_DIR or .cairn>/artifacts (or CAIRN_ARTIFACT_STORE=file:///path
// or an absolute path, for a local directory elsewhere).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifactsDir } from '../db/data-dir.ts';
import type { ArtifactStore } from './artifact-store.ts';
import { LocalArtifactStore } from './local-store.ts';
import { parseS3Location, S3ArtifactStore } from './s3-store.ts';

export * from './artifact-path.ts';
export * from './artifact-store.ts';
export { LocalArtifactStore } from './local-store.ts';
export { S3ArtifactStore, parseS3Location } from './s3-store.ts';

export const DEFAULT_MAX_ARTIFACT_BYTES = 5 * 1024 ** 3;

/** Build the store a CAIRN_ARTIFACT_STORE value names (empty: the local default). */
export function createArtifactStore(setting: string | undefined = process.env.CAIRN_ARTIFACT_STORE): ArtifactStore {
  const value = setting?.trim() ?? '';
  if (value === '') return new LocalArtifactStore(artifactsDir());
  if (value.startsWith('s3://')) return new S3ArtifactStore(parseS3Location(value));
  if (value.startsWith('file://')) return new LocalArtifactStore(fileURLToPath(value));
  if (path.isAbsolute(value)) return new LocalArtifactStore(value);
  throw new Error(`CAIRN_ARTIFACT_STORE must be s3://bucket/prefix, file:///path or an absolute path, got '${value}'`);
}

const globalKey = Symbol.for('cairn.artifactStore');
const cache = globalThis as unknown as { [globalKey]?: { setting: string; store: ArtifactStore } };

/** The process's artifact store (rebuilt if the environment setting or data dir changed, as in tests). */
export function artifactStore(): ArtifactStore {
  const setting = `${process.env.CAIRN_ARTIFACT_STORE ?? ''}|${artifactsDir()}`;
  const cached = cache[globalKey];
  if (cached && cached.setting === setting) return cached.store;
  const store = createArtifactStore();
  cache[globalKey] = { setting, store };
  return store;
}

/** Largest accepted artifact, CAIRN_MAX_ARTIFACT_BYTES (default 5 GiB). */
export function maxArtifactBytes(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env.CAIRN_MAX_ARTIFACT_BYTES?.trim();
  if (!raw) return DEFAULT_MAX_ARTIFACT_BYTES;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`CAIRN_MAX_ARTIFACT_BYTES must be a positive whole number of bytes, got '${raw}'`);
  }
  return value;
}
