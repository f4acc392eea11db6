// The server edge on a real Node HTTP server: a response sent before the request body was
// read closes the connection and says so, so the client never reuses a dying socket; requests
// Node itself refuses (headers over its limit, malformed HTTP) get an error body all the same.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { answerClientError, closeIfBodyUnread } from './guard-request.ts';

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
  server.on('clientError', answerClientError);
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

describe('answerClientError', () => {
  it('answers a URL over the header limit with 431 and a JSON error, not an empty body', async () => {
    const response = await fetch(`${base}/api/2.0/mlflow/logged-models/${'x'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: 'The URL and headers of a request may be at most 16 KiB' });
  });

  it('answers malformed HTTP with 400 and a JSON error', async () => {
    const { port } = server.address() as AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(raw).toContain('{"error_code":"INVALID_PARAMETER_VALUE","message":"Malformed HTTP request"}');
  });
});
