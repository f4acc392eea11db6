// A live stream (server-sent events) for one page: `change` events naming the page's topics
// as things change, `resync` when events may have been missed, `end` when the caller lost
// access (signed out, removed from the team, share link revoked or expired) and the stream
// closes. Access is checked when the stream opens, again every HEARTBEAT_MS, and at once when
// the share link behind it is revoked. Events carry topic names only; pages refetch the data
// through GraphQL.
import type { Principal } from '../authz/index.ts';
import { isAppError } from '../errors.ts';
import { authorizeTopics } from './authorize-topic.ts';
import { subscribe } from './event-hub.ts';

export const HEARTBEAT_MS = 15_000;

export type LiveStreamOptions = {
  principal: Principal;
  topics: readonly string[];
  /** Resolves the caller again (null: no longer valid). */
  revalidate: () => Promise<Principal | null>;
  signal: AbortSignal;
};

const encoder = new TextEncoder();
const frame = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/** Authorizes the topics (throws the AppError of the first refused one) and opens the stream. */
export async function openLiveStream({ principal, topics, revalidate, signal }: LiveStreamOptions): Promise<Response> {
  const internal = await authorizeTopics(principal, topics);
  const clientTopic = new Map([...internal].map(([client, inner]) => [inner, client]));
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let unsubscribe = () => undefined as void;

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    try {
      controller.close();
    } catch {
      // already closed by the client
    }
  };
  const send = (chunk: Uint8Array) => {
    if (closed) return;
    try {
      controller.enqueue(chunk);
    } catch {
      close();
    }
  };
  const stillAllowed = async () => {
    try {
      const current = await revalidate();
      if (current) await authorizeTopics(current, topics);
      return current !== null;
    } catch (error) {
      if (isAppError(error)) return false;
      return true; // a database hiccup is not a lost permission: try again next beat
    }
  };
  const check = async () => {
    if (closed) return;
    if (await stillAllowed()) send(encoder.encode(': ping\n\n'));
    else {
      send(frame('end', { reason: 'access' }));
      close();
    }
  };

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel: close,
  });
  signal.addEventListener('abort', close, { once: true });

  unsubscribe = await subscribe([...internal.values()], (topic) => {
    if (topic === null) return send(frame('resync', {}));
    const name = clientTopic.get(topic);
    if (name === '') void check(); // the share link changed (revoked): decide now
    else if (name !== undefined) send(frame('change', { topic: name }));
  });
  if (signal.aborted) close();
  heartbeat = setInterval(() => void check(), HEARTBEAT_MS);
  heartbeat.unref();
  send(encoder.encode('retry: 3000\n\n'));
  send(frame('ready', { topics: [...internal.keys()].filter(Boolean) }));

  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform: Next's compression must not buffer the stream.
      'cache-control': 'no-cache, no-store, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
