// SQL round trips per request: the handlers the server dispatches to (MLflow REST router,
// GraphQL, health), called in this process on the bench's database with every pg client's
// query() counted (Prisma's adapter and raw SQL both go through pg). Each request runs twice
// and the second is counted, so one-time work (a schema load, a prepared statement, the first
// token check: this process listens for principal changes as a server process does, so its
// principal cache is on) is not.
import pg from 'pg';
import { startPrincipalChangeListener } from '../../lib/authz/principal-changes.ts';
import type { LoadRequest } from './load.ts';
import type { Target } from './side-by-side.ts';

export type RoundTrips = { name: string; count: number; statements: string[] };

type Handler = (request: Request) => Promise<Response>;

async function handlerFor(path: string): Promise<Handler> {
  if (path.startsWith('/api/2.0/mlflow/')) return (await import('../../lib/http/mlflow/router.ts')).handleMlflowRequest;
  if (path.startsWith('/api/graphql')) return (await import('../../graphql/server.ts')).handleGraphQLRequest;
  if (path.startsWith('/api/health')) return (await import('../../app/api/health/route.ts')).GET as unknown as Handler;
  throw new Error(`no in-process handler for ${path}`);
}

// The live-event flusher and listener share the pool but belong to no request.
const background = /pg_notify|LISTEN/;

export async function countSqlRoundTrips(target: Target, requests: { name: string; request: LoadRequest }[]): Promise<RoundTrips[]> {
  await startPrincipalChangeListener();
  const original = pg.Client.prototype.query;
  let recording: string[] | null = null;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    if (recording && !background.test(text)) recording.push(text.replace(/\s+/g, ' ').trim().slice(0, 100));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    const results: RoundTrips[] = [];
    for (const { name, request } of requests) {
      const handle = await handlerFor(request.path);
      const send = async () => {
        const body = typeof request.body === 'function' ? request.body() : request.body;
        const response = await handle(
          new Request(`http://localhost${request.path}`, {
            method: request.method,
            headers: { ...target.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            body,
          }),
        );
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${name}: in-process answer ${response.status}`);
      };
      await send();
      recording = [];
      await send();
      results.push({ name, count: recording.length, statements: recording });
      recording = null;
    }
    return results;
  } finally {
    pg.Client.prototype.query = original;
  }
}
