'use client';
// One live-update connection per tab (server-sent events; a browser allows few connections
// per host), carrying the union of the topics the page's components watch. Components call
// useLiveTopics; the connection reopens with the new topic set when it changes. Events only
// name topics: components refetch their data through GraphQL. Share pages use the link's
// own events route (EventSource cannot send the share header).
import { useEffect, useRef } from 'react';
import { LIVE_REFRESH_MS } from '@/lib/events/topics';
import { currentShareSecret } from '../graphql-request';

type Listener = (topic: string | null) => void;

const listeners = new Map<string, Set<Listener>>();
let source: EventSource | null = null;
let openTopics = '';
let reopenTimer: ReturnType<typeof setTimeout> | null = null;

function notify(topic: string | null) {
  if (topic === null) {
    for (const set of listeners.values()) for (const listener of set) listener(null);
    return;
  }
  for (const listener of listeners.get(topic) ?? []) listener(topic);
}

function reopen() {
  reopenTimer = null;
  const topics = [...listeners.keys()].sort().join(',');
  if (topics === openTopics && source) return;
  source?.close();
  source = null;
  openTopics = topics;
  if (!topics) return;
  const secret = currentShareSecret();
  const url = `${secret ? `/s/${secret}/events` : '/api/events'}?topics=${encodeURIComponent(topics)}`;
  const opened = new EventSource(url);
  opened.addEventListener('change', (event) => notify((JSON.parse((event as MessageEvent).data) as { topic: string }).topic));
  opened.addEventListener('resync', () => notify(null));
  // Whatever changed between the page's first fetch and the stream being ready (or while it
  // was reconnecting) sent no event here: refetch once now.
  opened.addEventListener('ready', () => notify(null));
  // Access is gone (signed out, link revoked): stop; the next fetch shows why.
  opened.addEventListener('end', () => {
    opened.close();
    notify(null);
  });
  source = opened;
}

function scheduleReopen() {
  if (reopenTimer) clearTimeout(reopenTimer);
  reopenTimer = setTimeout(reopen, 50);
}

/** Calls `onChange` (at most every `minIntervalMs`) while one of `topics` changes; null topic: refetch everything. */
export function useLiveTopics(topics: readonly string[], onChange: (topic: string | null) => void, minIntervalMs = LIVE_REFRESH_MS) {
  const callback = useRef(onChange);
  callback.current = onChange;
  const key = topics.join(',');
  useEffect(() => {
    const wanted = key ? key.split(',') : [];
    let last = 0;
    let trailing: ReturnType<typeof setTimeout> | null = null;
    // Leading call at once, then at most one per interval (a trailing one keeps the last change).
    const listener: Listener = (topic) => {
      const wait = last + minIntervalMs - Date.now();
      if (wait <= 0) {
        last = Date.now();
        callback.current(topic);
      } else if (!trailing) {
        trailing = setTimeout(() => {
          trailing = null;
          last = Date.now();
          callback.current(topic);
        }, wait);
      }
    };
    for (const topic of wanted) {
      let set = listeners.get(topic);
      if (!set) listeners.set(topic, (set = new Set()));
      set.add(listener);
    }
    scheduleReopen();
    return () => {
      if (trailing) clearTimeout(trailing);
      for (const topic of wanted) {
        const set = listeners.get(topic);
        set?.delete(listener);
        if (set?.size === 0) listeners.delete(topic);
      }
      scheduleReopen();
    };
  }, [key, minIntervalMs]);
}
