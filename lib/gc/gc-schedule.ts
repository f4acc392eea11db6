// The server's garbage collection schedule: a pass a few minutes after start, then every
// CAIRN_GC_INTERVAL_MINUTES (0 turns it off). Several instances on one database take turns
// (collectGarbage's advisory lock): a pass that finds another running is skipped.
import { collectGarbage, formatBytes, GcBusyError } from './collect-garbage.ts';
import { gcIntervalMinutes } from './gc-settings.ts';

const FIRST_PASS_DELAY_MS = 5 * 60_000;

export function startGcSchedule(log: (message: string) => void, intervalMinutes = gcIntervalMinutes()): { stop(): void } {
  if (intervalMinutes === 0) return { stop() {} };
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const report = await collectGarbage();
      const removed = report.deleted.projects.length + report.deleted.runs.length + report.retention.length + report.queue.done.length + report.staleUploads.objects;
      if (removed > 0) {
        log(
          `gc: ${report.deleted.projects.length} projects and ${report.deleted.runs.length} runs purged, ` +
            `retention applied in ${report.retention.length} projects, ${report.staleUploads.objects} stale uploads swept; ` +
            `reclaimed ${formatBytes(report.bytesReclaimed)}`,
        );
      }
      for (const failure of report.queue.failed) log(`gc: could not remove ${failure.keyPrefix} (${failure.error}); retrying next time`);
    } catch (error) {
      if (!(error instanceof GcBusyError)) log(`gc failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), Math.min(FIRST_PASS_DELAY_MS, intervalMinutes * 60_000));
  const every = setInterval(() => void tick(), intervalMinutes * 60_000);
  first.unref();
  every.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
