// The address a request came from, for the audit trail. The Node server (scripts/start.ts)
// stamps every request with it in CLIENT_ADDRESS_HEADER, replacing whatever a client sent
// under that name, so the app never trusts a client's word for its own address:
//  - by default the TCP peer's address;
//  - behind reverse proxies, CAIRN_TRUST_PROXY=<n> (the number of proxies in front of Cairn)
//    takes the address the outermost trusted proxy saw: the n-th entry from the right of
//    X-Forwarded-For (entries left of it were written by the client and prove nothing).
import type http from 'node:http';
import { isIP } from 'node:net';

export const CLIENT_ADDRESS_HEADER = 'x-cairn-client-address';

/** Number of trusted proxies (CAIRN_TRUST_PROXY: 0 or unset = none; `true` means 1). */
export function trustedProxyHops(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env.CAIRN_TRUST_PROXY?.trim().toLowerCase();
  if (!raw || raw === '0' || raw === 'false') return 0;
  if (raw === 'true' || raw === 'yes') return 1;
  const hops = Number(raw);
  if (!Number.isInteger(hops) || hops < 0 || hops > 20) throw new Error(`CAIRN_TRUST_PROXY must be the number of proxies in front of Cairn (0-20), got '${env.CAIRN_TRUST_PROXY}'`);
  return hops;
}

/** `::ffff:1.2.3.4` (IPv4 on a dual-stack socket) as `1.2.3.4`; anything that is not an IP as null. */
function canonical(address: string | undefined | null): string | null {
  if (!address) return null;
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  const plain = trimmed.startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
  return isIP(plain) ? plain : null;
}

/** The client's address as the server sees it, given `hops` trusted proxies. */
export function clientAddressOfSocket(req: Pick<http.IncomingMessage, 'headers' | 'socket'>, hops: number): string | null {
  const peer = canonical(req.socket?.remoteAddress);
  if (hops === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((entry) => entry.trim()).filter(Boolean);
  // The last proxy appended the address it saw; each proxy before it did the same.
  const candidate = forwarded[forwarded.length - hops];
  return canonical(candidate) ?? peer;
}

/** Stamp the request (scripts/start.ts), replacing any value a client sent. */
export function stampClientAddress(req: http.IncomingMessage, hops: number): void {
  const address = clientAddressOfSocket(req, hops);
  if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete req.headers[CLIENT_ADDRESS_HEADER];
}

/** The stamped address of a request, or null (in-process tests, or no address). */
export function clientAddressOf(headers: Pick<Headers, 'get'>): string | null {
  return canonical(headers.get(CLIENT_ADDRESS_HEADER));
}

/**
 * Whether the client reached Cairn over https: a TLS socket, or, behind `hops` trusted proxies,
 * the scheme the outermost trusted proxy reported in X-Forwarded-Proto (read like
 * X-Forwarded-For: entries a client wrote itself prove nothing).
 */
export function servedOverHttps(req: Pick<http.IncomingMessage, 'headers' | 'socket'>, hops: number): boolean {
  if ((req.socket as { encrypted?: boolean } | undefined)?.encrypted) return true;
  if (hops === 0) return false;
  const header = req.headers['x-forwarded-proto'];
  const protocols = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  // Proxies usually set rather than append this header: then its only entry is the outermost's.
  const candidate = protocols.length >= hops ? protocols[protocols.length - hops] : protocols[0];
  return candidate === 'https';
}
