// At most one computation per key at a time: callers asking for a key while it is being
// computed share that computation's result. For reads many viewers make at the same instant
// (every open page of a training run refetches its charts when the same live event arrives):
// N viewers cost one read. Only for results every caller may see once it is authorized, and
// whose freshness a just-started computation satisfies.

export function singleFlight<T>() {
  const inFlight = new Map<string, Promise<T>>();
  return (key: string, compute: () => Promise<T>): Promise<T> => {
    const running = inFlight.get(key);
    if (running) return running;
    const started = compute().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}
