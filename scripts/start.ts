// `npm start` (production) and `npm run dev` (--dev): one process that owns the data dir,
// runs the embedded PostgreSQL when DATABASE_URL is unset, migrates, builds when the build is
// missing or stale, and serves Next.js from a plain Node HTTP server.
//
//   PORT (default 3000; 0 picks a free port), HOST (default: all interfaces),
//   CAIRN_DATA_DIR (default <repo>/.cairn), DATABASE_URL (default: embedded),
//   AUTH_SECRET (default: kept in <dataDir>/auth-secret), CAIRN_SKIP_BUILD=1 / --no-build.
//
// Prints "Cairn is ready on http://localhost:<port>" once it serves (tests wait for it).
// SIGINT/SIGTERM: stop accepting, finish in-flight requests briefly, stop PostgreSQL, exit 0.
import 'dotenv/config';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { closeDb } from '../lib/db/client.ts';
import { migrate, MigrationError } from '../lib/db/migrate.ts';
import { buildIfStale, buildState } from '../lib/runtime/build.ts';
import { DataDirLockedError, lockDataDir } from '../lib/runtime/data-dir-lock.ts';
import { startEmbeddedDatabase } from '../lib/runtime/database.ts';
import { readOrCreateSecretFile } from '../lib/runtime/secret-file.ts';
import { closeIfBodyUnread, refuseMalformedUrl, refuseOverlongUrl } from '../lib/runtime/guard-request.ts';
import { stampClientAddress, trustedProxyHops } from '../lib/http/client-address.ts';
import { startGcSchedule } from '../lib/gc/gc-schedule.ts';

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');
const skipBuild = process.argv.includes('--no-build') || process.env.CAIRN_SKIP_BUILD === '1';
const dataDir = path.resolve(process.env.CAIRN_DATA_DIR || path.join(root, '.cairn'));
const log = (message: string) => console.log(message);

/** What to undo on the way out, in this order: stop taking requests before closing the database. */
const STOP_ORDER = ['HTTP server', 'gc schedule', 'build', 'Next.js', 'database pool', 'embedded PostgreSQL', 'data dir lock'] as const;
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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
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

  // 2. Take the port early: a port in use is reported before minutes of build.
  let handle: RequestHandler | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const proxyHops = trustedProxyHops();
  const server = http.createServer((req, res) => {
    if (refuseOverlongUrl(req, res) || refuseMalformedUrl(req, res)) return;
    stampClientAddress(req, proxyHops);
    closeIfBodyUnread(req, res);
    void ready.then(() =>
      handle!(req, res).catch((error) => {
        console.error('Request failed:', error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }),
    );
  });
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
  cleanups.set('HTTP server', () => closeServer(server));

  // 3. Database: the one given, or the embedded cluster of the data dir.
  if (!process.env.DATABASE_URL) {
    const database = await startEmbeddedDatabase(dataDir, log);
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

  // 4. A current production build (development compiles on demand).
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
  }

  // 5. Next.js in this process.
  (process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';
  const { default: next } = await import('next');
  const app = next({ dev, dir: root, hostname: 'localhost', port, httpServer: server });
  await app.prepare();
  cleanups.set('Next.js', () => app.close());
  // The app's pool (lib/db/client.ts, shared through globalThis) must end before PostgreSQL
  // stops, or its idle connections report "terminating connection" as errors.
  cleanups.set('database pool', () => closeDb());
  handle = app.getRequestHandler() as RequestHandler;
  const gc = startGcSchedule(log);
  cleanups.set('gc schedule', () => gc.stop());
  markReady();
  log(`Started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (${dev ? 'development' : 'production'})`);
  log(`Cairn is ready on http://localhost:${port}`);
}

main().catch((error) => {
  console.error('Cairn failed to start:', error);
  void shutdown(1);
});
