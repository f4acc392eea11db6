// Is the production build (.next) current? `npm start` builds first when it is missing or
// older than the sources, so a fresh clone needs only `npm install && npm start`.
// "Older" compares the newest mtime of the inputs below with .next/BUILD_ID, so a build made
// by `npm run build` counts as well as one made here. Test files do not affect the build.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';

const SOURCE_DIRS = ['app', 'components', 'graphql', 'lib'];
const SOURCE_FILES = ['prisma/schema.prisma', 'next.config.ts', 'package-lock.json', 'package.json', 'tsconfig.json'];
const IGNORED = /(^|\/)(node_modules|\.next|__snapshots__)(\/|$)|\.test\.tsx?$/;

export type BuildState = { fresh: true } | { fresh: false; reason: string };

function newestSourceMtime(root: string): { mtimeMs: number; file: string } {
  let newest = { mtimeMs: 0, file: '' };
  const visit = (relative: string) => {
    if (IGNORED.test(relative)) return;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path.join(root, relative));
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(path.join(root, relative))) visit(path.join(relative, entry));
    } else if (stat.mtimeMs > newest.mtimeMs) {
      newest = { mtimeMs: stat.mtimeMs, file: relative };
    }
  };
  for (const entry of [...SOURCE_DIRS, ...SOURCE_FILES]) visit(entry);
  return newest;
}

export function buildState(root: string): BuildState {
  let built: fs.Stats;
  try {
    built = fs.statSync(path.join(root, '.next', 'BUILD_ID'));
  } catch {
    return { fresh: false, reason: 'there is no production build yet' };
  }
  const newest = newestSourceMtime(root);
  if (newest.mtimeMs > built.mtimeMs) return { fresh: false, reason: `${newest.file} changed after the last build` };
  return { fresh: true };
}

/**
 * Runs `next build` unless the build is current. One build at a time per checkout: a
 * second caller waits for the first and then finds the build fresh.
 */
export async function buildIfStale(
  root: string,
  log: (message: string) => void,
  register: (cancel: () => void) => void,
): Promise<void> {
  const first = buildState(root);
  if (first.fresh) return;
  const release = await lockfile.lock(root, {
    lockfilePath: path.join(root, '.next-build.lock'),
    realpath: false,
    stale: 30_000,
    retries: { retries: 600, factor: 1, minTimeout: 1_000, maxTimeout: 1_000 },
  });
  try {
    const state = buildState(root);
    if (state.fresh) return;
    log(`Building the app (${state.reason}); this takes a few minutes the first time...`);
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: 'inherit',
      });
      register(() => child.kill('SIGTERM'));
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        code === 0 ? resolve() : reject(new Error(`next build failed (${signal ?? `exit code ${code}`})`)),
      );
    });
    log(`Build finished in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await release().catch(() => undefined);
  }
}
