// The process's one LISTEN connection, shared by every channel Cairn listens on (live events,
// principal changes). Opened when the first channel is listened to; when it drops it
// reconnects with backoff, telling each channel it was cut off (`lost`: notifications may be
// missed from now on) and, once back, that it listens again (`resumed`). Written on `pg`
// directly: one client, a LISTEN per channel and a reconnect loop.
import pg from 'pg';
import { onCloseDb } from './client.ts';

export type ChannelHandlers = {
  notification(payload: string | undefined): void;
  /** The connection dropped: anything sent meanwhile may be missed. */
  lost?(): void;
  /** Listening again after a drop. */
  resumed?(): void;
};

type Listener = {
  channels: Map<string, Set<ChannelHandlers>>;
  client: pg.Client | null;
  /** Channels the current client LISTENs on. */
  listening: Set<string>;
  connecting: Promise<void> | null;
  retryDelay: number;
  closed: boolean;
};

const listenerKey = Symbol.for('cairn.db.notifications');
const store = globalThis as unknown as { [listenerKey]?: Listener };

function listener(): Listener {
  let current = store[listenerKey];
  if (!current) {
    current = store[listenerKey] = { channels: new Map(), client: null, listening: new Set(), connecting: null, retryDelay: 250, closed: false };
    const closing = current;
    onCloseDb(async () => {
      closing.closed = true;
      delete store[listenerKey];
      await closing.client?.end().catch(() => undefined);
    });
  }
  return current;
}

// Channel names are Cairn's own lowercase identifiers; anything else is quoted.
const quote = (channel: string) => (/^[a-z_][a-z0-9_]*$/.test(channel) ? channel : `"${channel.replace(/"/g, '""')}"`);

function everyHandler(l: Listener): ChannelHandlers[] {
  return [...l.channels.values()].flatMap((set) => [...set]);
}

async function connect(l: Listener): Promise<void> {
  // LISTEN needs a session of its own: behind PgBouncer in transaction mode, point
  // CAIRN_LISTEN_DATABASE_URL at PostgreSQL directly (docs/scaling.md).
  const url = process.env.CAIRN_LISTEN_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const client = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
  client.on('notification', (message) => {
    for (const handlers of l.channels.get(message.channel) ?? []) handlers.notification(message.payload);
  });
  client.on('error', () => undefined); // 'end' follows and reconnects
  client.on('end', () => {
    if (l.client !== client || l.closed) return;
    l.client = null;
    for (const handlers of everyHandler(l)) handlers.lost?.();
    scheduleReconnect(l);
  });
  await client.connect();
  const listening = new Set<string>();
  try {
    for (const channel of l.channels.keys()) {
      await client.query(`LISTEN ${quote(channel)}`);
      listening.add(channel);
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  l.client = client;
  l.listening = listening;
  l.retryDelay = 250;
}

function scheduleReconnect(l: Listener): void {
  if (l.closed || l.connecting || l.channels.size === 0) return;
  const delay = l.retryDelay;
  l.retryDelay = Math.min(l.retryDelay * 2, 10_000);
  const timer = setTimeout(() => {
    void ensureConnected(l).then(
      () => everyHandler(l).forEach((handlers) => handlers.resumed?.()),
      () => scheduleReconnect(l),
    );
  }, delay);
  timer.unref();
}

function ensureConnected(l: Listener): Promise<void> {
  if (l.client) return Promise.resolve();
  l.connecting ??= connect(l).finally(() => {
    l.connecting = null;
  });
  return l.connecting;
}

/**
 * Calls `handlers.notification` for every NOTIFY on `channel`, from whichever Cairn process
 * sent it. Resolves once this process listens on the channel (nothing sent after that is
 * missed while the connection holds); returns the function that stops listening.
 */
export async function listen(channel: string, handlers: ChannelHandlers): Promise<() => void> {
  const l = listener();
  let set = l.channels.get(channel);
  if (!set) l.channels.set(channel, (set = new Set()));
  set.add(handlers);
  const stop = () => {
    set.delete(handlers);
    if (set.size > 0 || l.channels.get(channel) !== set) return;
    l.channels.delete(channel);
    l.listening.delete(channel);
    void l.client?.query(`UNLISTEN ${quote(channel)}`).catch(() => undefined);
  };
  try {
    await ensureConnected(l);
    // A channel added while the connection was being opened may have missed its LISTEN.
    if (!l.listening.has(channel)) {
      l.listening.add(channel);
      await l.client!.query(`LISTEN ${quote(channel)}`);
    }
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}

/** Whether this process's LISTEN connection is up (tests, health). */
export function isListening(): boolean {
  return !!store[listenerKey]?.client;
}
