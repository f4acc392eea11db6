import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalArtifactStore } from './local-store.ts';

let root: string;
let outside: string;
let store: LocalArtifactStore;

beforeAll(() => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-local-store-'));
  root = path.join(base, 'artifacts');
  outside = path.join(base, 'outside');
  fs.mkdirSync(outside);
  store = new LocalArtifactStore(root);
});
afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const text = async (body: ReadableStream<Uint8Array>) => Buffer.from(await new Response(body).arrayBuffer()).toString('utf8');
const webStream = (content: string) => new Response(content).body!;

/** Files under the root, excluding the temp area (which must be empty between operations). */
function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('LocalArtifactStore', () => {
  it('puts from web and node streams, hashing and counting, and gets the bytes back', async () => {
    const web = await store.put('1/run/artifacts/a.txt', webStream('hello'));
    expect(web).toEqual({ size: 5, sha256: sha256('hello') });
    const node = await store.put('1/run/artifacts/dir/b.txt', Readable.from([Buffer.from('wor'), Buffer.from('ld')]));
    expect(node).toEqual({ size: 5, sha256: sha256('world') });

    const got = await store.get('1/run/artifacts/dir/b.txt');
    expect(got?.size).toBe(5);
    expect(await text(got!.body)).toBe('world');
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
  });

  it('serves byte ranges', async () => {
    await store.put('1/run/artifacts/range.txt', webStream('0123456789'));
    const got = await store.get('1/run/artifacts/range.txt', { start: 2, end: 5 });
    expect(got?.size).toBe(10);
    expect(await text(got!.body)).toBe('2345');
  });

  it('answers null for missing objects and directories', async () => {
    expect(await store.get('1/run/artifacts/missing.txt')).toBeNull();
    expect(await store.get('1/run/artifacts/dir')).toBeNull();
    expect(await store.get('1/run/artifacts/a.txt/below')).toBeNull();
  });

  it('leaves nothing behind when the body fails or passes the size limit', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put('1/run/artifacts/failed.bin', failing)).rejects.toThrow('client went away');
    await expect(store.put('1/run/artifacts/big.bin', webStream('x'.repeat(100)), { maxBytes: 10 })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(fs.existsSync(path.join(root, '1/run/artifacts/failed.bin'))).toBe(false);
    expect(fs.existsSync(path.join(root, '1/run/artifacts/big.bin'))).toBe(false);
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
  });

  it('overwrites atomically: the old content until the new one is complete', async () => {
    await store.put('1/run/artifacts/swap.txt', webStream('old'));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = Readable.from(
      (async function* () {
        yield Buffer.from('ne');
        await gate;
        yield Buffer.from('w');
      })(),
    );
    const writing = store.put('1/run/artifacts/swap.txt', slow);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await text((await store.get('1/run/artifacts/swap.txt'))!.body)).toBe('old');
    release();
    await writing;
    expect(await text((await store.get('1/run/artifacts/swap.txt'))!.body)).toBe('new');
  });

  it('moves objects and deletes objects and prefixes', async () => {
    await store.put('.uploads/u1', webStream('moved'));
    await store.move('.uploads/u1', '2/r/artifacts/m/x.txt');
    expect(await text((await store.get('2/r/artifacts/m/x.txt'))!.body)).toBe('moved');
    expect(await store.get('.uploads/u1')).toBeNull();

    await store.put('2/r/artifacts/m/y.txt', webStream('y'));
    await store.put('2/r/artifacts/mm.txt', webStream('sibling'));
    await store.delete('2/r/artifacts/m/x.txt');
    await store.delete('2/r/artifacts/m/x.txt'); // missing: not an error
    expect(await store.get('2/r/artifacts/m/x.txt')).toBeNull();
    await store.deletePrefix('2/r/artifacts/m');
    await store.deletePrefix('2/r/artifacts/never-existed');
    expect(await store.get('2/r/artifacts/m/y.txt')).toBeNull();
    expect(await text((await store.get('2/r/artifacts/mm.txt'))!.body)).toBe('sibling');
  });

  it('refuses keys that are not plain relative segments', async () => {
    for (const key of ['', '../x', 'a/../../x', '/etc/passwd', 'a//b', 'a\\b', 'a/./b', 'a\0b']) {
      await expect(store.put(key, webStream('x'))).rejects.toThrow(/Invalid artifact store key/);
      await expect(store.get(key)).rejects.toThrow(/Invalid artifact store key/);
    }
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('does not follow a symlink planted in the tree out of the root', async () => {
    fs.mkdirSync(path.join(root, '3'), { recursive: true });
    fs.symlinkSync(outside, path.join(root, '3', 'escape'));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');

    await expect(store.put('3/escape/planted.txt', webStream('evil'))).rejects.toThrow(/outside the store root/);
    await expect(store.get('3/escape/secret.txt')).rejects.toThrow(/outside the store root/);
    await expect(store.deletePrefix('3/escape')).rejects.toThrow(/outside the store root/);
    expect(fs.readdirSync(outside)).toEqual(['secret.txt']);
    expect(listFiles(path.join(root, '.tmp'))).toEqual([]);
  });

  it('measures and removes whole prefixes, saying how many files and bytes went', async () => {
    await store.put('4/r/artifacts/a.bin', webStream('x'.repeat(1000)));
    await store.put('4/r/artifacts/deep/b.bin', webStream('y'.repeat(24)));
    await store.put('45/r/artifacts/c.bin', webStream('not under 4/'));
    expect(await store.usage('4')).toEqual({ objects: 2, bytes: 1024 });
    expect(await store.usage('4/r/artifacts/a.bin')).toEqual({ objects: 1, bytes: 1000 });
    expect(await store.usage('nothing-here')).toEqual({ objects: 0, bytes: 0 });
    expect(await store.deletePrefix('4')).toEqual({ objects: 2, bytes: 1024 });
    expect(await store.usage('4')).toEqual({ objects: 0, bytes: 0 });
    expect(await store.usage('45')).toEqual({ objects: 1, bytes: 12 });
  });

  it('sweeps what interrupted uploads left, only once it is old, and counts without removing on a dry run', async () => {
    const old = new Date(Date.now() - 2 * 86_400_000);
    fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
    fs.writeFileSync(path.join(root, '.tmp', 'crashed.partial'), 'z'.repeat(300));
    fs.utimesSync(path.join(root, '.tmp', 'crashed.partial'), old, old);
    fs.writeFileSync(path.join(root, '.tmp', 'in-progress.partial'), 'still writing');
    await store.put('.uploads/stale-upload', webStream('q'.repeat(50)));
    fs.utimesSync(path.join(root, '.uploads', 'stale-upload'), old, old);
    await store.put('5/r/artifacts/old-but-real.bin', webStream('keep me'));
    fs.utimesSync(path.join(root, '5/r/artifacts/old-but-real.bin'), old, old);

    // A backup that died mid-way left its staging directory behind.
    fs.mkdirSync(path.join(root, '.backup-dead', 'artifacts'), { recursive: true });
    fs.writeFileSync(path.join(root, '.backup-dead', 'artifacts', 'linked.bin'), 'b'.repeat(25));
    fs.utimesSync(path.join(root, '.backup-dead'), old, old);

    const cutoff = new Date(Date.now() - 86_400_000);
    expect(await store.sweepStale(cutoff, { dryRun: true })).toEqual({ objects: 3, bytes: 375 });
    expect(fs.existsSync(path.join(root, '.tmp', 'crashed.partial'))).toBe(true);
    expect(await store.sweepStale(cutoff)).toEqual({ objects: 3, bytes: 375 });
    expect(fs.existsSync(path.join(root, '.backup-dead'))).toBe(false);
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual(['in-progress.partial']);
    expect(fs.readdirSync(path.join(root, '.uploads'))).toEqual([]);
    expect(await store.usage('5')).toEqual({ objects: 1, bytes: 7 });
    fs.rmSync(path.join(root, '.tmp', 'in-progress.partial'));
  });
});
