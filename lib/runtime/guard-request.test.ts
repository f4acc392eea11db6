// The server edge on a real Node HTTP server: a response sent before the request body was
// read closes the connection and says so, so the client never reuses a dying socket.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeIfBodyUnread } from './guard-request.ts';

let server: http.Server;
let base = '';
const sockets = new Set<string>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    closeIfBodyUnread(req, res);
    sockets.add(`${req.socket.remotePort}`);
    if (req.url === '/refuse') {
      // Like a route that answers 413 from the declared length: it starts reading (as Next's
      // body stream does), stops, and never reads the rest.
      req.on('data', () => undefined);
      req.pause();
      setTimeout(() => res.writeHead(413, { 'content-type': 'text/plain' }).end('too large'), 20);
      return;
    }
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A body that sends one chunk and then stalls until the test is over. */
function stallingBody(): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(new Uint8Array(64 * 1024));
        return;
      }
      return new Promise(() => undefined);
    },
  });
}

describe('closeIfBodyUnread', () => {
  it('keeps a connection alive when the body was read', async () => {
    const response = await fetch(`${base}/echo`, { method: 'PUT', body: 'small' });
    expect(await response.text()).toBe('ok');
    expect(response.headers.get('connection')).toBe('keep-alive');
  });

  it('answers Connection: close when the body is left unread, and the next request still works', async () => {
    const refused = await fetch(`${base}/refuse`, { method: 'PUT', body: stallingBody(), duplex: 'half' } as RequestInit);
    expect(refused.status).toBe(413);
    expect(refused.headers.get('connection')).toBe('close');
    await refused.text();
    for (let i = 0; i < 5; i++) {
      const next = await fetch(`${base}/echo`, { method: 'PUT', body: `again ${i}` });
      expect(await next.text()).toBe('ok');
    }
  });
});
