import { describe, expect, it } from 'vitest';
import { clientAddressOf, clientAddressOfSocket, CLIENT_ADDRESS_HEADER, stampClientAddress, trustedProxyHops } from './client-address.ts';
import type http from 'node:http';

const request = (peer: string | undefined, forwardedFor?: string | string[], extra: Record<string, string> = {}) =>
  ({ socket: { remoteAddress: peer }, headers: { ...(forwardedFor !== undefined ? { 'x-forwarded-for': forwardedFor } : {}), ...extra } }) as unknown as http.IncomingMessage;

describe('client address', () => {
  it("is the TCP peer's address without trusted proxies, whatever X-Forwarded-For claims", () => {
    expect(clientAddressOfSocket(request('::ffff:10.0.0.7', '1.2.3.4'), 0)).toBe('10.0.0.7');
    expect(clientAddressOfSocket(request('::1'), 0)).toBe('::1');
    expect(clientAddressOfSocket(request(undefined), 0)).toBeNull();
  });

  it('takes the address the outermost trusted proxy saw: the n-th X-Forwarded-For entry from the right', () => {
    expect(clientAddressOfSocket(request('10.0.0.2', 'spoofed, 198.51.100.4'), 1)).toBe('198.51.100.4');
    expect(clientAddressOfSocket(request('10.0.0.2', ['spoofed, 198.51.100.4', '10.0.0.9']), 2)).toBe('198.51.100.4');
    // Fewer entries than proxies, or garbage: fall back to the peer.
    expect(clientAddressOfSocket(request('10.0.0.2', '198.51.100.4'), 2)).toBe('10.0.0.2');
    expect(clientAddressOfSocket(request('10.0.0.2', 'not-an-ip'), 1)).toBe('10.0.0.2');
    expect(clientAddressOfSocket(request('10.0.0.2', '[2001:db8::1]'), 1)).toBe('2001:db8::1');
  });

  it('stamps the request, replacing what a client sent under the header name', () => {
    const req = request('127.0.0.1', undefined, { [CLIENT_ADDRESS_HEADER]: '6.6.6.6' });
    stampClientAddress(req, 0);
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe('127.0.0.1');
    const noPeer = request(undefined, undefined, { [CLIENT_ADDRESS_HEADER]: '6.6.6.6' });
    stampClientAddress(noPeer, 0);
    expect(noPeer.headers[CLIENT_ADDRESS_HEADER]).toBeUndefined();
    expect(clientAddressOf(new Headers({ [CLIENT_ADDRESS_HEADER]: '192.0.2.1' }))).toBe('192.0.2.1');
    expect(clientAddressOf(new Headers({ [CLIENT_ADDRESS_HEADER]: '<script>' }))).toBeNull();
  });

  it('reads CAIRN_TRUST_PROXY as a number of proxies', () => {
    expect(trustedProxyHops({})).toBe(0);
    expect(trustedProxyHops({ CAIRN_TRUST_PROXY: 'true' })).toBe(1);
    expect(trustedProxyHops({ CAIRN_TRUST_PROXY: '2' })).toBe(2);
    expect(() => trustedProxyHops({ CAIRN_TRUST_PROXY: 'lots' })).toThrow(/CAIRN_TRUST_PROXY/);
  });
});
