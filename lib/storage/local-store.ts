// Artifacts on the local filesystem, under <data dir>/artifacts by default.
// Writes go to a temporary file under <root>/.tmp and are renamed into place, so a
// half-written artifact is never visible. Every resolved path must stay inside the root,
// checked lexically and then again with realpath (a symlink planted in the tree cannot
// lead a write or a read outside it).
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  assertStoreKey,
  HashingCounter,
  toNodeReadable,
  toWebReadable,
  type ArtifactStore,
  type ByteRange,
  type PutOptions,
  type StoredBody,
  type StoredObject,
  type UploadBody,
  type Usage,
  TEMPORARY_PREFIXES,
} from './artifact-store.ts';

const TEMP_DIR = TEMPORARY_PREFIXES[0];

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;
  private realRoot: Promise<string> | undefined;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  get description(): string {
    return `local:${this.root}`;
  }

  private async resolvedRoot(): Promise<string> {
    this.realRoot ??= fs.mkdir(this.root, { recursive: true }).then(() => fs.realpath(this.root));
    return this.realRoot;
  }

  /** Absolute path of a key, lexically inside the root. */
  pathOf(key: string): string {
    assertStoreKey(key);
    const full = path.resolve(this.root, ...key.split('/'));
    if (!full.startsWith(this.root + path.sep)) throw new Error(`Artifact key escapes the store root: ${key}`);
    return full;
  }

  /** Second line of defence: the real location (symlinks followed) is inside the real root. */
  private async assertInside(existingPath: string): Promise<void> {
    const [real, root] = await Promise.all([fs.realpath(existingPath), this.resolvedRoot()]);
    if (real !== root && !real.startsWith(root + path.sep)) {
      throw new Error(`Artifact path resolves outside the store root: ${existingPath}`);
    }
  }

  /** Create the parent directory of `full` and prove it is inside the root. */
  private async prepareParent(full: string): Promise<void> {
    await this.resolvedRoot();
    const parent = path.dirname(full);
    await fs.mkdir(parent, { recursive: true });
    await this.assertInside(parent);
  }

  async put(key: string, body: UploadBody, options: PutOptions = {}): Promise<StoredObject> {
    const target = this.pathOf(key);
    const tempDir = path.join(this.root, TEMP_DIR);
    await fs.mkdir(tempDir, { recursive: true });
    const temp = path.join(tempDir, `${randomUUID()}.partial`);
    const counter = new HashingCounter(options.maxBytes);
    try {
      await pipeline(toNodeReadable(body), counter, createWriteStream(temp, { flags: 'wx', mode: 0o640 }));
      await this.prepareParent(target);
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
    return counter.digest();
  }

  async get(key: string, range?: ByteRange): Promise<StoredBody | null> {
    const full = this.pathOf(key);
    let size: number;
    try {
      const stat = await fs.stat(full);
      if (!stat.isFile()) return null;
      size = stat.size;
      await this.assertInside(full);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    const stream = createReadStream(full, range ? { start: range.start, end: range.end } : undefined);
    return { body: toWebReadable(stream), size };
  }

  async move(from: string, to: string): Promise<void> {
    const source = this.pathOf(from);
    const target = this.pathOf(to);
    await this.assertInside(source);
    await this.prepareParent(target);
    await fs.rename(source, target);
  }

  async delete(key: string): Promise<void> {
    const full = this.pathOf(key);
    try {
      await this.assertInside(path.dirname(full));
      await fs.unlink(full);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async deletePrefix(prefix: string): Promise<Usage> {
    const full = await this.existingInside(prefix);
    if (!full) return { objects: 0, bytes: 0 };
    const usage = await sizeOfTree(full);
    await fs.rm(full, { recursive: true, force: true });
    return usage;
  }

  async usage(prefix: string): Promise<Usage> {
    const full = await this.existingInside(prefix);
    return full ? sizeOfTree(full) : { objects: 0, bytes: 0 };
  }

  /** The path of a key that exists and really is inside the root, or null when it does not exist. */
  private async existingInside(key: string): Promise<string | null> {
    const full = this.pathOf(key);
    try {
      await this.assertInside(full);
      return full;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async sweepStale(olderThan: Date, options: { dryRun?: boolean } = {}): Promise<Usage> {
    const swept: Usage = { objects: 0, bytes: 0 };
    for (const area of TEMPORARY_PREFIXES) {
      const dir = path.join(this.root, area);
      let entries: string[];
      try {
        entries = await fs.readdir(dir);
      } catch (error) {
        if (isMissing(error)) continue;
        throw error;
      }
      for (const name of entries) {
        const file = path.join(dir, name);
        const stat = await fs.lstat(file).catch(() => null);
        // An upload still being written keeps touching its file: only old ones are stale.
        if (!stat || !stat.isFile() || stat.mtime >= olderThan) continue;
        if (!options.dryRun) await fs.rm(file, { force: true });
        swept.objects += 1;
        swept.bytes += stat.size;
      }
    }
    // What a backup that died left: its staging directory of hard links (lib/backup), which
    // would keep the bytes of files deleted since alive.
    for (const name of await fs.readdir(this.root).catch(() => [] as string[])) {
      if (!name.startsWith('.backup-')) continue;
      const dir = path.join(this.root, name);
      const stat = await fs.lstat(dir).catch(() => null);
      if (!stat || !stat.isDirectory() || stat.mtime >= olderThan) continue;
      const usage = await sizeOfTree(dir);
      if (!options.dryRun) await fs.rm(dir, { recursive: true, force: true });
      swept.objects += usage.objects;
      swept.bytes += usage.bytes;
    }
    return swept;
  }
}

/** Files and bytes under a directory (or one file), symlinks not followed. */
async function sizeOfTree(full: string): Promise<Usage> {
  const top = await fs.lstat(full).catch(() => null);
  if (!top) return { objects: 0, bytes: 0 };
  if (!top.isDirectory()) return top.isFile() ? { objects: 1, bytes: top.size } : { objects: 0, bytes: 0 };
  const usage: Usage = { objects: 0, bytes: 0 };
  for (const entry of await fs.readdir(full, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const stat = await fs.lstat(path.join(entry.parentPath, entry.name)).catch(() => null);
    if (!stat) continue;
    usage.objects += 1;
    usage.bytes += stat.size;
  }
  return usage;
}
