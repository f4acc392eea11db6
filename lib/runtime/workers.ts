// Several server processes on all cores (node:cluster): the primary keeps what must have one
// owner (the data-dir lock, the embedded PostgreSQL, migrations, the build) and forks
// CAIRN_WORKERS workers that each serve HTTP on the same port; the primary hands them the
// connections. A worker that dies is replaced (with a growing delay if it keeps dying at
// start); stopping asks each worker to finish its requests and exit, then kills stragglers.
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';

/** CAIRN_WORKERS, else the number of cores this process may use. */
export function workerCount(): number {
  const configured = Number(process.env.CAIRN_WORKERS);
  if (Number.isInteger(configured) && configured >= 1) return configured;
  return Math.max(1, os.availableParallelism());
}

type ToWorker = { cairn: 'shutdown' };
type ToPrimary = { cairn: 'listening'; port: number };

export type WorkerPool = {
  /** The port the workers listen on (the one asked for, or the one PORT=0 got). */
  readonly port: number;
  /** Asks every worker to finish and exit; kills those still running after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
};

export type WorkerPoolOptions = {
  count: number;
  /** Environment of every worker (on top of this process's). */
  env: Record<string, string>;
  log: (message: string) => void;
  /** How long to wait for every worker to listen. */
  readyTimeoutMs?: number;
};

const RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that dies sooner than this after starting counts as failing at start. */
const EARLY_DEATH_MS = 10_000;

/**
 * Forks `count` workers running this same script (which must branch on cluster.isPrimary)
 * and resolves once all of them listen.
 */
export function startWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const { count, env, log } = options;
  let stopping = false;
  let restartDelay = RESTART_DELAY_MS;
  const startedAt = new Map<Worker, number>();
  const fork = () => {
    const worker = cluster.fork(env);
    startedAt.set(worker, Date.now());
    return worker;
  };

  return new Promise<WorkerPool>((resolve, reject) => {
    const listening = new Set<Worker>();
    let port = 0;
    const timer = setTimeout(() => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      reject(new Error(`Only ${listening.size} of ${count} server processes were ready in time`));
    }, options.readyTimeoutMs ?? 300_000);

    const pool: WorkerPool = {
      get port() {
        return port;
      },
      async stop(graceMs = 10_000) {
        stopping = true;
        const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
        await Promise.all(
          running.map(
            (worker) =>
              new Promise<void>((done) => {
                const kill = setTimeout(() => worker.process.kill('SIGKILL'), graceMs);
                worker.once('exit', () => {
                  clearTimeout(kill);
                  done();
                });
                try {
                  worker.send({ cairn: 'shutdown' } satisfies ToWorker);
                } catch {
                  worker.process.kill('SIGTERM');
                }
              }),
          ),
        );
      },
    };

    cluster.on('message', (worker, message: ToPrimary) => {
      if (message?.cairn !== 'listening') return;
      port = message.port;
      listening.add(worker);
      if (listening.size === count) {
        clearTimeout(timer);
        resolve(pool);
      }
    });
    cluster.on('exit', (worker, code, signal) => {
      listening.delete(worker);
      const lived = Date.now() - (startedAt.get(worker) ?? 0);
      startedAt.delete(worker);
      if (stopping) return;
      restartDelay = lived < EARLY_DEATH_MS ? Math.min(restartDelay * 2, MAX_RESTART_DELAY_MS) : RESTART_DELAY_MS;
      log(`Server process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another in ${restartDelay / 1000} s`);
      setTimeout(() => {
        if (!stopping) fork();
      }, restartDelay).unref();
    });
    for (let i = 0; i < count; i++) fork();
  });
}

/** In a worker: tells the primary it listens on `port`. */
export function announceListening(port: number): void {
  process.send?.({ cairn: 'listening', port } satisfies ToPrimary);
}

/**
 * In a worker: `stop` runs when the primary asks this worker to finish, when the primary is
 * gone (the IPC channel closed) or on SIGTERM; SIGINT (Ctrl-C reaches the whole process group)
 * is left to the primary, which then stops the workers in order.
 */
export function onWorkerShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const run = () => {
    if (stopping) return;
    stopping = true;
    void stop().finally(() => process.exit(0));
  };
  process.on('message', (message: ToWorker) => {
    if (message?.cairn === 'shutdown') run();
  });
  process.on('disconnect', run);
  process.on('SIGTERM', run);
  process.on('SIGINT', () => undefined);
}
