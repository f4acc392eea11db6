// MLflow's real tracking server (2.22: Flask under gunicorn) for side-by-side figures, on a
// PostgreSQL database the bench gives it. Its sources come from ../shared/mlflow (or
// CAIRN_MLFLOW_DIR); when they are not there the benches print Cairn's column only.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../lib/db/embedded-postgres.ts';
import { mlflowDir, mlflowPythonPath, type MlflowVersion } from '../../tests/mlflow-client/harness.ts';

const PYTHON = '/usr/bin/python3';
const START_TIMEOUT_MS = 180_000;

export type MlflowServer = {
  readonly baseUrl: string;
  readonly version: string;
  /** gunicorn worker processes. */
  readonly workers: number;
  /** Root pid of its process group (mlflow CLI, gunicorn master and workers). */
  readonly pid: number;
  stop(): Promise<void>;
};

/** Where MLflow's sources and setup script are (tests/mlflow-client/harness.ts), or null. */
export function findMlflowDir(): string | null {
  try {
    return mlflowDir();
  } catch {
    return null;
  }
}

/** Why MLflow's column is missing, or null when it can run (sources, setup and python3 present). */
export function mlflowUnavailableReason(): string | null {
  if (process.env.CAIRN_BENCH_MLFLOW === '0') return 'CAIRN_BENCH_MLFLOW=0';
  if (!findMlflowDir()) return "MLflow's sources are not installed (../shared/mlflow or CAIRN_MLFLOW_DIR)";
  if (!fs.existsSync(PYTHON)) return `${PYTHON} is missing`;
  return null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts `mlflow server` on `backendUrl` (a PostgreSQL URL; MLflow creates its tables) with
 * its artifacts proxied to a temp dir, and waits until /health answers. `workers` defaults
 * to MLflow's own default (4 gunicorn workers).
 */
export async function startMlflowServer(options: { backendUrl: string; workers?: number; version?: MlflowVersion }): Promise<MlflowServer> {
  if (!findMlflowDir()) throw new Error('MLflow is not installed');
  const version = options.version ?? '2.22';
  const workers = options.workers ?? 4;
  const port = await freePort();
  const artifacts = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-mlflow-'));
  const child = spawn(
    PYTHON,
    ['-m', 'mlflow', 'server', '--backend-store-uri', options.backendUrl, '--artifacts-destination', artifacts, '--serve-artifacts',
      '--host', '127.0.0.1', '--port', String(port), '--workers', String(workers)],
    {
      cwd: artifacts,
      env: { ...process.env, PYTHONPATH: await mlflowPythonPath(version), PYTHONDONTWRITEBYTECODE: '1', MLFLOW_DISABLE_TELEMETRY: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group: the CLI runs gunicorn, whose workers must stop with it.
      detached: true,
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    signalGroup(child, 'SIGTERM');
    const force = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
    signalGroup(child, 'SIGKILL'); // stray workers of a group whose leader is gone
    fs.rmSync(artifacts, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`MLflow server exited (code ${child.exitCode}):\n${stderr}`);
    }
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) return { baseUrl, version, workers, pid: child.pid!, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error(`MLflow server did not answer /health within ${START_TIMEOUT_MS / 1000} s:\n${stderr}`);
}
