// Next pipes a route handler's Response to Node in pieces: the head in a write of its own
// (flushHeaders), then the body, then the end, each a system call, which cost more than
// anything else in sending a GraphQL answer here (bench/requests.bench.ts, the run page row's
// profile). A GraphQL answer is always complete before it is sent (no @defer, no streaming),
// so its socket's writes are held until the response ends and go out together.
import type http from 'node:http';

/** Paths whose answers are whole: the GraphQL endpoint (not /api/events or pages, which stream). */
export function answersWhole(url: string | undefined): boolean {
  return url === '/api/graphql' || !!url?.startsWith('/api/graphql?');
}

/**
 * Holds `res`'s socket writes until the response ends (or the connection closes), or until a
 * write finds the socket's buffer full: a writer that then waits for 'drain' (Next piping a
 * large answer, e.g. the compare page's 100 runs) would wait forever on a corked socket.
 */
export function holdWritesUntilEnd(res: http.ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  socket.cork();
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    socket.uncork();
  };
  const write = res.write;
  res.write = function (this: http.ServerResponse, ...args: Parameters<typeof write>) {
    const flushed = write.apply(this, args);
    if (!flushed) release();
    return flushed;
  } as typeof res.write;
  const end = res.end;
  res.end = function (this: http.ServerResponse, ...args: Parameters<typeof end>) {
    const result = end.apply(this, args);
    release();
    return result;
  } as typeof res.end;
  res.once('close', release);
}
