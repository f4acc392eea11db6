// A real Cairn server process (scripts/start.ts, never building) for tests and benches that
// speak HTTP to it: PORT=0, waits for the ready line, stops with SIGTERM (SIGKILL after 20 s).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const READY_LINE = /Cairn is ready on (http:\/\/localhost:\d+)/;
const SERVER_START_TIMEOUT_MS = 120_000;

export type StartedServer = { baseUrl: string; child: ChildProcess; output: () => string; stop(): Promise<number | null> };

/**
 * Starts `scripts/start.ts` (never building) with PORT=0 and waits for its ready line.
 * `nodeArgs` go before the script (e.g. --cpu-prof for a bench's profile).
 */
export async function startServer(
  env: Record<string, string | undefined>,
  options: { nodeArgs?: string[]; /** Another checkout (the benches' A/B); this one by default. */ root?: string; readyWithinMs?: number } = {},
): Promise<StartedServer> {
  const root = options.root ?? repoRoot;
  const readyWithinMs = options.readyWithinMs ?? SERVER_START_TIMEOUT_MS;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(root, 'scripts', 'start.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', CAIRN_SKIP_BUILD: '1', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (process.env.CAIRN_TEST_SERVER_LOG) process.stderr.write(chunk);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not get ready within ${readyWithinMs / 1000}s:\n${output}`)), readyWithinMs);
    const check = () => {
      const match = READY_LINE.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (code ${code}) before it was ready:\n${output}`));
    });
  }).catch(async (error) => {
    child.kill('SIGKILL');
    throw error;
  });

  return {
    baseUrl,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}

/**
 * Cairn instances (each a primary with its server processes and its own data dir) on one
 * database, as behind a load balancer, for the file's tests: started in beforeAll (when a
 * production build exists), stopped and their data dirs removed in afterAll.
 */
export function setupInstances(count: number, env: () => Record<string, string | undefined>, options: { beforeStart?: () => Promise<void> } = {}): StartedServer[] {
  const instances: StartedServer[] = [];
  const dataDirs: string[] = [];
  beforeAll(async () => {
    if (!hasProductionBuild()) return;
    await options.beforeStart?.();
    const started = await Promise.all(
      Array.from({ length: count }, () => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-instance-'));
        dataDirs.push(dataDir);
        return startServer({ ...env(), CAIRN_DATA_DIR: dataDir });
      }),
    );
    instances.push(...started);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  return instances;
}

/** Whether `next build` has run (tests of the built server skip without it). */
export const hasProductionBuild = () => fs.existsSync(path.join(repoRoot, '.next', 'BUILD_ID'));
