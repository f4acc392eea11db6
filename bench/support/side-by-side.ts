// Cairn's built server and MLflow's real server, each on its own database of one throwaway
// embedded PostgreSQL 18 (durable settings, as `npm start` runs it), for benches that send
// both the same HTTP requests. Cairn gets a user, a team and a write token (the MLflow client
// sends it as a Bearer token); MLflow runs without auth, as it does by default.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadUserPrincipal } from '../../lib/identity/load-user-principal.ts';
import { db } from '../../lib/db/client.ts';
import { buildIfStale } from '../../lib/runtime/build.ts';
import { ensureDatabase } from '../../lib/runtime/database.ts';
import { createApiToken } from '../../lib/tokens/create-api-token.ts';
import { startServer, type StartedServer } from '../../tests/helpers/server-process.ts';
import { startBenchDatabase, type BenchDatabase } from './database.ts';
import { mlflowUnavailableReason, startMlflowServer, type MlflowServer } from './mlflow-server.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export type Target = {
  readonly name: 'Cairn' | 'MLflow';
  readonly baseUrl: string;
  /** Credentials every request carries. */
  readonly headers: Record<string, string>;
  readonly healthPath: string;
  readonly graphqlPath: string;
  /** The target's own database (Cairn's or MLflow's tables). */
  readonly databaseUrl: string;
  /** Answers every request with `Connection: close` (no keep-alive). */
  readonly closesConnections?: boolean;
  /** Root of the server's processes (CPU per request). */
  readonly pid?: number;
};

export type SideBySide = {
  cairn: Target & { token: string; teamId: string; /** The server's primary process. */ pid: number };
  /** Null when MLflow is not installed here (why: `mlflowMissing`). */
  mlflow: Target | null;
  mlflowMissing: string | null;
  describe(): string;
  close(): Promise<void>;
};

export type SideBySideOptions = {
  /** Extra environment for Cairn's server (CAIRN_WORKERS, pool sizes...). */
  cairnEnv?: Record<string, string>;
  /** Node flags for Cairn's server process (e.g. --cpu-prof). */
  cairnNodeArgs?: string[];
  /** Skip MLflow even when it is installed. */
  withoutMlflow?: boolean;
};

let owners = 0;

/** A write token of a new owner of `teamId` (a new team when not given), made through createApiToken. */
export async function createBenchToken(teamId?: string): Promise<{ token: string; teamId: string }> {
  const label = `bench-${process.pid}-${++owners}`;
  const user = await db.user.create({ data: { email: `${label}@example.test`, name: label } });
  const team = teamId ?? (await db.team.create({ data: { slug: label, name: 'Bench' } })).id;
  await db.membership.create({ data: { teamId: team, userId: user.id, role: 'OWNER' } });
  const { token } = await createApiToken((await loadUserPrincipal(user.id))!, { teamId: team, name: 'bench', scope: 'WRITE' });
  return { token, teamId: team };
}

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startSideBySide(options: SideBySideOptions = {}): Promise<SideBySide> {
  // The server must serve the code being measured: build first when sources changed.
  await buildIfStale(repoRoot, (line) => console.log(`  ${line}`), () => undefined);
  const database: BenchDatabase = await startBenchDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-server-'));
  let server: StartedServer | undefined;
  let mlflowServer: MlflowServer | undefined;
  const close = async () => {
    await server?.stop();
    await mlflowServer?.stop();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const credentials = await createBenchToken();
    server = await startServer(
      { DATABASE_URL: database.url, CAIRN_DATA_DIR: dataDir, ...options.cairnEnv },
      { nodeArgs: options.cairnNodeArgs },
    );
    const cairn = {
      name: 'Cairn' as const,
      baseUrl: server.baseUrl,
      headers: { authorization: `Bearer ${credentials.token}` },
      healthPath: '/api/health',
      graphqlPath: '/api/graphql',
      databaseUrl: database.url,
      pid: server.child.pid!,
      ...credentials,
    };
    let mlflowMissing = options.withoutMlflow ? 'not asked for' : mlflowUnavailableReason();
    let mlflow: Target | null = null;
    if (!mlflowMissing) {
      const mlflowUrl = databaseUrl(database.url, 'mlflow_bench');
      await ensureDatabase(databaseUrl(database.url, 'postgres'), 'mlflow_bench');
      try {
        mlflowServer = await startMlflowServer({ backendUrl: mlflowUrl });
        mlflow = {
          name: 'MLflow',
          baseUrl: mlflowServer.baseUrl,
          headers: {},
          healthPath: '/health',
          graphqlPath: '/graphql',
          databaseUrl: mlflowUrl,
          closesConnections: true, // gunicorn's sync workers
          pid: mlflowServer.pid,
        };
      } catch (error) {
        mlflowMissing = `MLflow's server did not start: ${(error as Error).message.split('\n')[0]}`;
      }
    }
    const describe = () =>
      [
        `Cairn: built server (scripts/start.ts) at ${cairn.baseUrl}${options.cairnEnv?.CAIRN_WORKERS ? `, CAIRN_WORKERS=${options.cairnEnv.CAIRN_WORKERS}` : ''}`,
        mlflowServer
          ? `MLflow ${mlflowServer.version}: \`mlflow server\` (gunicorn, ${mlflowServer.workers} workers, its default) at ${mlflowServer.baseUrl}`
          : `MLflow: not measured (${mlflowMissing})`,
        'both on one embedded PostgreSQL 18 (durable commits), a database each',
      ].join('\n  ');
    return { cairn, mlflow, mlflowMissing, describe, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** JSON over HTTP in MLflow's wire format; throws on anything but 2xx. */
export async function call<T = any>(target: Target, method: 'GET' | 'POST', pathAndQuery: string, body?: unknown): Promise<T> {
  const response = await fetch(`${target.baseUrl}${pathAndQuery}`, {
    method,
    headers: { ...target.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${target.name} ${method} ${pathAndQuery}: ${response.status} ${text.slice(0, 500)}`);
  const json = response.headers.get('content-type')?.includes('json');
  return (json && text ? JSON.parse(text) : { text }) as T;
}

/** `POST /api/2.0/mlflow/<path>` */
export const mlflowPost = <T = any>(target: Target, endpoint: string, body: unknown) => call<T>(target, 'POST', `/api/2.0/mlflow/${endpoint}`, body);
