// `npm start` (production) and `npm run dev` (--dev). The primary process owns the data dir,
// runs the embedded PostgreSQL when DATABASE_URL is unset, migrates, builds when the build is
// missing or stale, runs the gc schedule, and forks CAIRN_WORKERS server processes (default:
// the cores; lib/runtime/workers.ts) that share the port. With one worker (or --dev) the
// primary serves itself. Each server process answers from a plain Node HTTP server: every
// request passes guardRequest (lib/runtime/guard-request.ts), then the framework-free routes
// (MLflow REST, artifacts, health: lib/http/pre-next.ts) are answered directly and everything
// else (pages, Auth.js, GraphQL) by Next.js.
//
//   PORT (default 3000; 0 picks a free port), HOST (default: all interfaces),
//   CAIRN_DATA_DIR (default <repo>/.cairn), DATABASE_URL (default: embedded),
//   AUTH_SECRET (default: kept in <dataDir>/auth-secret), CAIRN_SKIP_BUILD=1 / --no-build,
//   CAIRN_WORKERS (default: the number of cores), CAIRN_PRE_NEXT=0 (everything through Next).
//
// Prints "Cairn is ready on http://localhost:<port>" once it serves (tests wait for it).
// SIGINT/SIGTERM: stop accepting, finish in-flight requests briefly, stop PostgreSQL, exit 0.
import 'dotenv/config';
import cluster from 'node:cluster';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { closeDb } from '../lib/db/client.ts';
import { migrate, MigrationError } from '../lib/db/migrate.ts';
import { buildIfStale, buildState } from '../lib/runtime/build.ts';
import { DataDirLockedError, lockDataDir } from '../lib/runtime/data-dir-lock.ts';
import { startEmbeddedDatabase } from '../lib/runtime/database.ts';
import { readOrCreateSecretFile } from '../lib/runtime/secret-file.ts';
import { answerClientError, guardOptionsFromEnv, guardRequest } from '../lib/runtime/guard-request.ts';
import { answersWhole, holdWritesUntilEnd } from '../lib/http/whole-response.ts';
import { createStaticAssetHandler } from '../lib/http/static-assets.ts';
import { hintEagerCompile } from '../lib/runtime/hint-eager-compile.ts';
import { precompressStatic } from '../lib/runtime/precompress-static.ts';
import { publishPlotlyScript, VENDOR_PREFIX } from '../lib/runtime/publish-plotly-script.ts';
import { announceListening, onWorkerShutdown, startWorkerPool, workerCount } from '../lib/runtime/workers.ts';
import { startPrincipalChangeListener } from '../lib/authz/principal-changes.ts';
import { startGcSchedule } from '../lib/gc/gc-schedule.ts';

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');
/** Scripts served beside the build's (lib/runtime/publish-plotly-script.ts); outside .next/static, which a build replaces. */
const vendorDir = path.join(root, '.next', 'vendor');
const skipBuild = process.argv.includes('--no-build') || process.env.CAIRN_SKIP_BUILD === '1';
const dataDir = path.resolve(process.env.CAIRN_DATA_DIR || path.join(root, '.cairn'));
const log = (message: string) => console.log(message);

/** What to undo on the way out, in this order: stop taking requests before closing the database. */
const STOP_ORDER = ['server processes', 'HTTP server', 'gc schedule', 'build', 'Next.js', 'database pool', 'embedded PostgreSQL', 'data dir lock'] as const;
const cleanups = new Map<(typeof STOP_ORDER)[number], () => unknown>();
let exiting = false;

async function shutdown(code: number, reason?: string): Promise<never> {
  if (exiting) return new Promise<never>(() => undefined);
  exiting = true;
  if (reason) log(reason);
  for (const name of STOP_ORDER) {
    try {
      await cleanups.get(name)?.();
    } catch (error) {
      console.error(`While stopping (${name}):`, error);
    }
  }
  process.exit(code);
}

function fail(message: string): Promise<never> {
  console.error(message);
  return shutdown(1);
}

for (const signal of cluster.isPrimary ? (['SIGINT', 'SIGTERM'] as const) : []) {
  process.on(signal, () => {
    if (exiting) {
      console.error(`${signal} again: exiting now`);
      process.exit(1); // the embedded cluster still gets SIGINT from its exit hook
    }
    void shutdown(0, `${signal} received, shutting down...`);
  });
}
// Like `next start`: a stray error (e.g. an idle pool connection killed by a database
// restart) is logged, not fatal; the server keeps answering (health says 503 meanwhile).
process.on('unhandledRejection', (error) => console.error('Unhandled rejection:', error));
process.on('uncaughtException', (error) => console.error('Uncaught exception:', error));

function listen(server: http.Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), 5_000);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * One server process's request handler: the guard, then the routes answered before Next, then
 * Next. `ready` holds requests that arrive before Next is prepared (single-process mode takes
 * the port early).
 */
async function serverHandler(nextHandler: Promise<RequestHandler>): Promise<RequestHandler> {
  const guard = guardOptionsFromEnv(process.env, dev);
  const next = await nextHandler;
  // Loaded after Next is prepared: the route modules need Next's server runtime (its
  // AsyncLocalStorage), which importing next/server before that finds missing.
  const preNext = !dev && process.env.CAIRN_PRE_NEXT !== '0' ? await (await import('../lib/http/pre-next.ts')).createPreNextHandler() : null;
  // The build's scripts and styles, compressed once per build (step 4 of main), not per request.
  const staticAssets = dev ? null : createStaticAssetHandler(path.join(root, '.next', 'static'));
  // Plotly's bundle, published in step 4 of main (in development too).
  const vendorScripts = createStaticAssetHandler(vendorDir, { prefix: VENDOR_PREFIX, uncompressedToNext: false });
  return async (req, res) => {
    if (await guardRequest(req, res, guard)) return;
    if (staticAssets?.(req, res) || vendorScripts(req, res)) return;
    if (preNext && (await preNext(req, res))) return;
    if (answersWhole(req.url)) holdWritesUntilEnd(res);
    await next(req, res);
  };
}

/** An HTTP server for `handler`; requests Node refuses before any handler get MLflow's JSON error shape. */
function createServer(handler: Promise<RequestHandler>): http.Server {
  return http.createServer(requestListener(handler)).on('clientError', answerClientError);
}

function requestListener(handler: Promise<RequestHandler>): http.RequestListener {
  return (req, res) => {
    void handler
      .then((handle) => handle(req, res))
      .catch((error) => {
        console.error('Request failed:', error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  };
}

/** Next.js in this process, serving on `server`; its pool must close before PostgreSQL stops. */
async function startNext(server: http.Server, port: number): Promise<RequestHandler> {
  (process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';
  const { default: next } = await import('next');
  const app = next({ dev, dir: root, hostname: 'localhost', port, httpServer: server });
  await app.prepare();
  cleanups.set('Next.js', () => app.close());
  // The app's pool (lib/db/client.ts, shared through globalThis) must end before PostgreSQL
  // stops, or its idle connections report "terminating connection" as errors.
  cleanups.set('database pool', () => closeDb());
  // Cached principals need to hear of revocations from every process (lib/authz/principal-changes.ts).
  await startPrincipalChangeListener();
  return app.getRequestHandler() as RequestHandler;
}

/** A forked server process: the primary prepared everything; serve until told to stop. */
async function worker() {
  const port = Number(process.env.PORT);
  let resolveNext!: (handler: RequestHandler) => void;
  const nextHandler = new Promise<RequestHandler>((resolve) => (resolveNext = resolve));
  const server = createServer(serverHandler(nextHandler));
  onWorkerShutdown(async () => {
    await closeServer(server);
    await cleanups.get('Next.js')?.();
    await closeDb();
  });
  const bound = await listen(server, port, process.env.HOST || undefined);
  resolveNext(await startNext(server, bound));
  announceListening(bound);
}

async function main() {
  const startedAt = Date.now();

  // 1. One Cairn per data dir.
  try {
    const lock = await lockDataDir(dataDir, log);
    cleanups.set('data dir lock', () => lock.release());
  } catch (error) {
    if (error instanceof DataDirLockedError) return fail(error.message);
    throw error;
  }
  process.env.CAIRN_DATA_DIR = dataDir;
  process.env.AUTH_SECRET ||= readOrCreateSecretFile(path.join(dataDir, 'auth-secret'));
  process.env.AUTH_TRUST_HOST ||= 'true';
  process.env.NEXT_TELEMETRY_DISABLED = '1';

  // 2. Take the port early: a port in use is reported before minutes of build. Serving from
  // several processes, the primary only tries the port; the workers share it once they start.
  const workers = dev ? 1 : workerCount();
  let resolveNext!: (handler: RequestHandler) => void;
  const nextHandler = new Promise<RequestHandler>((resolve) => (resolveNext = resolve));
  const server = createServer(serverHandler(nextHandler));
  const requestedPort = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    return fail(`PORT must be a port number (0 picks a free one), not "${process.env.PORT}"`);
  }
  let port: number;
  try {
    port = await listen(server, requestedPort, process.env.HOST || undefined);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      return fail(`Port ${requestedPort} is already in use. Stop whatever listens there, or start Cairn with another PORT (PORT=0 picks a free one).`);
    }
    if (code === 'EACCES') return fail(`Not allowed to listen on port ${requestedPort}; choose a PORT above 1023.`);
    throw error;
  }
  if (workers > 1) await closeServer(server);
  else cleanups.set('HTTP server', () => closeServer(server));

  // 3. Database: the one given, or the embedded cluster of the data dir.
  if (!process.env.DATABASE_URL) {
    const database = await startEmbeddedDatabase(dataDir, log, { supervise: true });
    cleanups.set('embedded PostgreSQL', () => database.close());
    process.env.DATABASE_URL = database.url;
  }
  const migrationStarted = Date.now();
  try {
    const result = await migrate(process.env.DATABASE_URL!, { log });
    if (result.applied.length === 0) log(`Database schema is up to date (${Date.now() - migrationStarted} ms)`);
  } catch (error) {
    if (error instanceof MigrationError) return fail(`Cannot migrate the database: ${error.message}`);
    throw error;
  }

  // 4. A current production build (development compiles on demand), and plotly's bundle as
  // a script of its own (the pages with charts name its URL), published after the build, which
  // may have replaced .next.
  if (!dev) {
    if (!skipBuild) {
      await buildIfStale(root, log, (cancel) => cleanups.set('build', cancel));
      cleanups.delete('build');
    } else {
      const state = buildState(root);
      if (!state.fresh && state.reason === 'there is no production build yet') {
        return fail('There is no production build: run `npm run build` first (or start without CAIRN_SKIP_BUILD).');
      }
      if (!state.fresh) log(`Warning: serving an older build (${state.reason})`);
    }
    const compressed = Date.now();
    // The compile hint first: it changes the scripts whose compressed copies come next.
    await hintEagerCompile(path.join(root, '.next', 'static', 'chunks')).catch((error: Error) =>
      log(`Warning: could not add the compile hint to the build's scripts (${error.message}); pages compile them lazily`),
    );
    await precompressStatic(path.join(root, '.next', 'static')).then(
      ({ written }) => written > 0 && log(`Compressed ${written} static asset copies in ${Date.now() - compressed} ms`),
      (error: Error) => log(`Warning: could not write compressed copies of the static assets (${error.message}); Next compresses them per request`),
    );
  }

  process.env.CAIRN_PLOTLY_SCRIPT_URL = publishPlotlyScript(vendorDir);
  await precompressStatic(vendorDir).catch((error: Error) => log(`Warning: could not write compressed copies of plotly's bundle (${error.message}); it is sent uncompressed`));

  // 5. Serve: Next.js in this process, or in the workers (with PORT=0 they share one free port).
  if (workers > 1) {
    const pool = await startWorkerPool({ count: workers, env: { PORT: String(requestedPort), NODE_ENV: 'production' }, log });
    cleanups.set('server processes', () => pool.stop());
    port = pool.port;
    cleanups.set('database pool', () => closeDb()); // migrations' and gc's connections
  } else {
    resolveNext(await startNext(server, port));
  }
  // The gc schedule runs in one process (instances on one database take turns through its lock).
  const gc = startGcSchedule(log);
  cleanups.set('gc schedule', () => gc.stop());
  log(`Started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (${dev ? 'development' : 'production'}, ${workers} server process${workers > 1 ? 'es' : ''})`);
  log(`Cairn is ready on http://localhost:${port}`);
}

if (cluster.isPrimary) {
  main().catch((error) => {
    console.error('Cairn failed to start:', error);
    void shutdown(1);
  });
} else {
  worker().catch((error) => {
    console.error('Cairn server process failed to start:', error);
    process.exit(1);
  });
}
