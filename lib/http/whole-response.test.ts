// The GraphQL answer's writes held until it ends: head, body and end leave in one system call
// (one writev), the answer arrives whole, and the socket is released for the next request on
// the connection (keep-alive) and when the client goes away mid-answer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersWhole, holdWritesUntilEnd } from './whole-response.ts';

let server: http.Server;
let base = '';
const writes: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    // Every write that reaches the socket's handle (one per system call) goes through here.
    const socket = res.socket as unknown as { _writeGeneric: (...args: unknown[]) => unknown };
    const writeGeneric = socket._writeGeneric;
    let calls = 0;
    socket._writeGeneric = (...args) => (calls++, writeGeneric.apply(socket, args));
    if (answersWhole(req.url)) holdWritesUntilEnd(res);
    res.once('finish', () => writes.push(calls));
    if (req.url?.includes('large')) {
      // An answer larger than the socket's buffer, piped as Next pipes a Response: it waits for
      // 'drain' whenever a write returns false, which a socket never emits while corked.
      res.setHeader('content-type', 'application/json');
      Readable.from(Array.from({ length: 64 }, () => Buffer.alloc(32 * 1024, 'x'))).pipe(res);
      return;
    }
    // What Next does with a route's Response: head first, then the body in pieces, then the end.
    res.setHeader('content-type', 'application/json');
    res.flushHeaders();
    setTimeout(() => {
      res.write('{"data":');
      setTimeout(() => res.end('{"ok":true}}'), 5);
    }, 5);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('holdWritesUntilEnd', () => {
  it('sends a GraphQL answer in one write, whole, and frees the connection for the next one', async () => {
    writes.length = 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 2; i++) {
      const body = await new Promise<string>((resolve, reject) => {
        http.get(`${base}/api/graphql?query=x`, { agent }, (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk)).on('end', () => resolve(text)).on('error', reject);
        });
      });
      expect(body).toBe('{"data":{"ok":true}}');
    }
    agent.destroy();
    expect(writes).toEqual([1, 1]);
  });

  it('sends an answer larger than the socket buffer whole, without waiting forever for a drain', async () => {
    const response = await fetch(`${base}/api/graphql?query=large`, { signal: AbortSignal.timeout(5_000) });
    expect((await response.arrayBuffer()).byteLength).toBe(64 * 32 * 1024);
  });

  it('leaves other paths (pages, event streams) writing as they go', async () => {
    writes.length = 0;
    await fetch(`${base}/api/events`).then((r) => r.text());
    expect(writes[0]).toBeGreaterThan(1);
    expect(answersWhole('/api/graphql/schema.graphql')).toBe(false);
    expect(answersWhole('/api/graphql')).toBe(true);
  });
});
