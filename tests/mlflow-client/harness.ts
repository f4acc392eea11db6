// Drives the real MLflow Python client (../shared/mlflow: 2.22 and 3.6, from source) against
// the test app: each scenario is one Python process (a process start costs seconds, so
// scenarios are few and batched) that talks HTTP to the app and prints what it saw on its
// last line (`CAIRN_RESULT <json>`). Tests then assert both what the client saw and what
// Cairn holds (SQL), never only the exit code.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

export const MLFLOW_VERSIONS = ['2.22', '3.6'] as const;
export type MlflowVersion = (typeof MLFLOW_VERSIONS)[number];

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const SCRIPT = path.join(import.meta.dirname, 'scenarios.py');
const RESULT_PREFIX = 'CAIRN_RESULT ';
const PYTHON = '/usr/bin/python3';

/**
 * Where MLflow's sources and setup script are: CAIRN_MLFLOW_DIR, else a `shared/mlflow` next
 * to the checkout or one level up (the layout of this project's machines).
 */
export function mlflowDir(): string {
  const candidates = [
    process.env.CAIRN_MLFLOW_DIR,
    path.resolve(repoRoot, '..', 'shared', 'mlflow'),
    path.resolve(repoRoot, '..', '..', 'shared', 'mlflow'),
  ].filter((dir): dir is string => !!dir);
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'setup')));
  if (!found) {
    throw new Error(`MLflow's client is not installed: none of ${candidates.join(', ')} has a setup script (set CAIRN_MLFLOW_DIR)`);
  }
  return found;
}

const pythonPaths = new Map<MlflowVersion, Promise<string>>();

/** The PYTHONPATH the version's setup script prints on its last line (run once per process). */
export function mlflowPythonPath(version: MlflowVersion): Promise<string> {
  let pending = pythonPaths.get(version);
  if (!pending) {
    pending = promisify(execFile)(path.join(mlflowDir(), 'setup'), [version], { maxBuffer: 10 * 1024 * 1024 }).then(({ stdout }) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (!last.startsWith('PYTHONPATH=')) throw new Error(`MLflow ${version} setup printed no PYTHONPATH:\n${stdout}`);
      return last.slice('PYTHONPATH='.length);
    });
    pythonPaths.set(version, pending);
  }
  return pending;
}

export type ScenarioRun<T> = { exitCode: number | null; stdout: string; stderr: string; result: T };

/**
 * Runs `scenarios.py <scenario>` with MLflow `version` against `trackingUri` as the holder of
 * `token`. Fails (with the script's output) unless it exits 0 and printed its result.
 */
export async function runScenario<T = Record<string, unknown>>(input: {
  version: MlflowVersion;
  scenario: string;
  trackingUri: string;
  token: string;
  args?: Record<string, string>;
  /** Client settings to change (e.g. MLFLOW_HTTP_REQUEST_MAX_RETRIES: the tests turn retries off). */
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<ScenarioRun<T>> {
  const pythonPath = await mlflowPythonPath(input.version);
  const workDir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'cairn-mlflow-client-'));
  try {
    return await run<T>(input, pythonPath, workDir);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function run<T>(input: Parameters<typeof runScenario>[0], pythonPath: string, workDir: string): Promise<ScenarioRun<T>> {
  const child = spawn(PYTHON, [SCRIPT, input.scenario], {
    cwd: workDir,
    env: {
      NODE_ENV: process.env.NODE_ENV,
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      LANG: 'C.UTF-8',
      PYTHONPATH: pythonPath,
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONUNBUFFERED: '1',
      MLFLOW_TRACKING_URI: input.trackingUri,
      MLFLOW_TRACKING_TOKEN: input.token,
      MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0',
      MLFLOW_HTTP_REQUEST_TIMEOUT: '60',
      // No telemetry, no git lookups of the temp dir, no progress bars in the output.
      MLFLOW_DISABLE_TELEMETRY: 'true',
      DO_NOT_TRACK: 'true',
      GIT_PYTHON_REFRESH: 'quiet',
      MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR: 'false',
      CAIRN_SCENARIO_ARGS: JSON.stringify(input.args ?? {}),
      CAIRN_MLFLOW_VERSION: input.version,
      ...input.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timeoutMs = input.timeoutMs ?? 240_000;
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`MLflow ${input.version} scenario '${input.scenario}' did not finish within ${timeoutMs / 1000}s:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (exitCode !== 0 || !line) {
    throw new Error(`MLflow ${input.version} scenario '${input.scenario}' failed (exit ${exitCode}):\n--- stdout\n${stdout.slice(-20_000)}\n--- stderr\n${stderr.slice(-20_000)}`);
  }
  return { exitCode, stdout, stderr, result: JSON.parse(line.slice(RESULT_PREFIX.length)) as T };
}
