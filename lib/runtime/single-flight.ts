// At most one computation per key at a time: callers asking for a key while it is being
// computed share that computation's result. For reads many viewers make at the same instant
// (every open page of a training run refetches its charts when the same live event arrives):
// N viewers cost one read. Only for results every caller may see once it is authorized.
// With `writtenAs`, the topic a key's data is written under (publishEvent), a caller joins only
// a computation that began after that topic's last write in this process: one that began
// before may not show a write the caller has just made (read-your-writes), so the caller
// starts its own.
import { currentWriteSeq, lastWriteOf } from '../events/local-writes.ts';

export function singleFlight<T>({ writtenAs }: { writtenAs?: (key: string) => string } = {}) {
  const inFlight = new Map<string, { startedAt: number; result: Promise<T> }>();
  return (key: string, compute: () => Promise<T>): Promise<T> => {
    const running = inFlight.get(key);
    if (running && (!writtenAs || lastWriteOf(writtenAs(key)) <= running.startedAt)) return running.result;
    const entry = { startedAt: currentWriteSeq(), result: compute() };
    // A newer computation of the key, started meanwhile, stays for the callers to come.
    void entry.result.then(forget, forget);
    function forget() {
      if (inFlight.get(key) === entry) inFlight.delete(key);
    }
    inFlight.set(key, entry);
    return entry.result;
  };
}
