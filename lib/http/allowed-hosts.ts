// The host names Cairn answers to, against DNS rebinding: a hostile page whose name is made to
// resolve to 127.0.0.1 (or to a LAN address) sends its own name in Host, so refusing unknown
// names keeps it from talking to Cairn (e.g. creating the first, admin, account of a fresh
// instance). Allowed: the hosts of AUTH_URL and CAIRN_PUBLIC_URL, localhost names (localhost,
// *.localhost), IP addresses (a rebinding page never has one in Host: the browser sends the
// name it resolved; Vite and webpack-dev-server allow them for the same reason), and the
// CAIRN_ALLOWED_HOSTS list (names, `.example.com` for a domain and its subdomains, `*` for
// any host).
import { isIP } from 'node:net';

export type HostMatcher = (host: string | undefined) => boolean;

/** `Example.COM:443` -> `example.com`; `[::1]:3000` -> `::1`; null when malformed. */
export function hostnameOf(host: string): string | null {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('[')) {
    const end = trimmed.indexOf(']');
    return end > 0 ? trimmed.slice(1, end) : null;
  }
  const name = trimmed.replace(/:\d*$/, '').replace(/\.$/, '');
  return /^[a-z0-9_.-]+$/.test(name) ? name : null;
}

function hostOfUrl(url: string | undefined, variable: string): string | null {
  if (!url?.trim()) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  } catch {
    throw new Error(`${variable} must be a URL (e.g. https://cairn.example.com), got '${url}'`);
  }
}

export function allowedHostsFrom(env: Readonly<Record<string, string | undefined>> = process.env): HostMatcher {
  const exact = new Set<string>();
  const domains: string[] = [];
  let any = false;
  for (const [variable, url] of [['AUTH_URL', env.AUTH_URL], ['CAIRN_PUBLIC_URL', env.CAIRN_PUBLIC_URL]] as const) {
    const host = hostOfUrl(url, variable);
    if (host) exact.add(host);
  }
  for (const entry of (env.CAIRN_ALLOWED_HOSTS ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    if (entry === '*') any = true;
    else if (entry.startsWith('.')) domains.push(entry);
    else exact.add(hostnameOf(entry) ?? entry);
  }
  return (host) => {
    if (any) return true;
    if (!host) return false;
    const name = hostnameOf(host);
    if (!name) return false;
    if (name === 'localhost' || name.endsWith('.localhost') || isIP(name)) return true;
    return exact.has(name) || domains.some((domain) => name.endsWith(domain) || name === domain.slice(1));
  };
}
