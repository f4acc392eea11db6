// A built Cairn (scripts/start.ts, production, which builds first when the build is stale) on
// a free port with a throwaway data dir and open sign-up: what the browser benches open.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type RunningCairn = { baseURL: string; child: ChildProcess; dataDir: string; stop(): Promise<void> };

/** Starts the checkout at `root` (this one by default). */
export async function startCairn(root = path.resolve(import.meta.dirname, '..', '..')): Promise<RunningCairn> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-ui-'));
  fs.chmodSync(dataDir, 0o755);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', CAIRN_DATA_DIR: dataDir, CAIRN_SIGNUP: 'open', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseURL = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Cairn did not start within 15 minutes:\n${output}`)), 900_000);
    const check = () => {
      const match = /Cairn is ready on (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Cairn exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    baseURL,
    child,
    dataDir,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
