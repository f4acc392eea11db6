// HTTP load with autocannon (a real load generator: keep-alive connections, HDR latency
// histograms, no coordinated-omission tricks), run in this process against one target.
import autocannon from 'autocannon';
import type { ServerCpu } from './process-cpu.ts';
import type { Target } from './side-by-side.ts';

export type LoadRequest = {
  method: 'GET' | 'POST';
  path: string;
  /** A fixed body, or one made per request (a new step each time). */
  body?: string | (() => string);
};

export type LoadResult = {
  /** Successful (2xx) requests per second over the measured window (sequences of n requests: divided by n). */
  requestsPerSecond: number;
  /** Requests in one sequence (a page's calls); p50/p99 are per request. */
  perSequence: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  /** Non-2xx answers and timeouts (and socket errors, for a server that keeps connections open): a figure with failures is not a figure. */
  failed: number;
  /**
   * Socket errors of a server that closes every connection (MLflow's gunicorn sync workers
   * answer `Connection: close`): autocannon writes its next request on the closed socket,
   * gets ECONNRESET and reconnects. The server did not fail; the request is sent again.
   */
  resets: number;
  seconds: number;
  /** CPU milliseconds the serving processes spent per 2xx answer, warm-up included (with `cpuOf`). */
  cpuMsPerRequest?: number;
  /** The part of it PostgreSQL spent. */
  postgresCpuMsPerRequest?: number;
};

export type LoadOptions = {
  connections?: number;
  seconds?: number;
  warmupSeconds?: number;
  /**
   * Stop after this many 2xx answers instead of after a time: autocannon's `amount` where
   * connections stay open; where the server closes them (some requests are written to a
   * closed socket and lost), counted answers and a stop, which autocannon honours within
   * about a second (a few more requests get through).
   */
  untilOk?: number;
  /** CPU milliseconds of the processes serving the target so far (serverCpu): the result then carries CPU per request. */
  cpuOf?: () => ServerCpu;
};

export const LOAD_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
export const LOAD_CONNECTIONS = 16;

function toAutocannon(target: Target, request: LoadRequest): autocannon.Request {
  const headers: Record<string, string> = { ...target.headers, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) };
  const makeBody = request.body;
  return {
    method: request.method,
    path: request.path,
    headers,
    ...(typeof makeBody === 'function'
      ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: makeBody() }) }
      : makeBody !== undefined
        ? { body: makeBody }
        : {}),
  };
}

/** Loads `target` with one request, or a sequence each connection sends in turn (a page's calls). */
export async function load(target: Target, request: LoadRequest | LoadRequest[], options: LoadOptions = {}): Promise<LoadResult> {
  const connections = options.connections ?? LOAD_CONNECTIONS;
  const sequence = Array.isArray(request) ? request : [request];
  const warmupSeconds = options.untilOk ? 0 : (options.warmupSeconds ?? 2);
  const cpuBefore = options.cpuOf?.();
  // Without a callback autocannon returns its instance, which is also a promise of the result.
  const instance = autocannon({
    url: target.baseUrl,
    connections,
    ...(options.untilOk && !target.closesConnections
      ? { amount: options.untilOk }
      : { duration: options.untilOk ? 24 * 3600 : (options.seconds ?? LOAD_SECONDS) }),
    ...(warmupSeconds > 0 ? { warmup: { connections, duration: warmupSeconds } } : {}),
    timeout: 30,
    requests: sequence.map((r) => toAutocannon(target, r)),
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  if (options.untilOk && target.closesConnections) {
    let answered = 0;
    const wanted = options.untilOk;
    instance.on('response', (_client: unknown, statusCode: number) => {
      if (statusCode >= 200 && statusCode < 300 && ++answered === wanted) instance.stop();
    });
  }
  const result = await instance;
  const cpuAfter = options.cpuOf?.();
  const ok = result['2xx'];
  const warmup = (result as { warmup?: autocannon.Result }).warmup;
  const answered = ok + (warmup?.['2xx'] ?? 0);
  const resets = target.closesConnections ? result.errors : 0;
  const failed = result.non2xx + result.timeouts + (target.closesConnections ? 0 : result.errors);
  return {
    requestsPerSecond: ok / result.duration / sequence.length,
    perSequence: sequence.length,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok,
    failed,
    resets,
    seconds: result.duration,
    ...(!cpuBefore || !cpuAfter || !answered
      ? {}
      : {
          cpuMsPerRequest: (cpuAfter.serverMs + cpuAfter.postgresMs - cpuBefore.serverMs - cpuBefore.postgresMs) / answered,
          postgresCpuMsPerRequest: (cpuAfter.postgresMs - cpuBefore.postgresMs) / answered,
        }),
  };
}
