// One garbage collection pass over the whole instance (the server runs it on a schedule;
// `npm run admin -- gc [--dry-run]` runs it by hand):
//  1. deleted projects and runs past the grace period go for good (purge-deleted.ts);
//  2. every enabled project retention policy is applied (lib/retention/apply-retention.ts);
//  3. queued artifact bytes whose time has come are removed from the store (process-purge-queue.ts);
//  4. temporary files of interrupted uploads older than a day are swept.
// A dry run changes nothing and reports what a real pass would remove. Only one pass runs at
// a time across every Cairn instance sharing the database (an advisory lock).
import { deleteExpiredRateLimits } from '../ratelimit/consume-rate-limit.ts';
import { pool } from '../db/client.ts';
import { artifactStore, type ArtifactStore, type Usage } from '../storage/index.ts';
import { formatBytes } from '../storage/format-bytes.ts';

export { formatBytes };
import { applyRetentionPolicies, type RetentionReport } from '../retention/apply-retention.ts';
import { DAY_MS, gcGraceDays, STALE_UPLOAD_MS } from './gc-settings.ts';
import { processPurgeQueue, type PurgeQueueReport } from './process-purge-queue.ts';
import { purgeDeleted, type DeletedPurgeReport } from './purge-deleted.ts';

export type GcReport = {
  dryRun: boolean;
  graceDays: number;
  startedAt: Date;
  deleted: DeletedPurgeReport;
  retention: RetentionReport;
  queue: PurgeQueueReport;
  staleUploads: Usage;
  /** Bytes removed from the store (on a dry run: that would be, by the store's own count when
   * queued, by the artifact records otherwise). */
  bytesReclaimed: number;
};

export class GcBusyError extends Error {
  constructor() {
    super('Another garbage collection is running (the server runs one on a schedule); try again in a minute');
    this.name = 'GcBusyError';
  }
}

const GC_LOCK = 'cairn.gc';

export type GcOptions = { dryRun?: boolean; graceDays?: number; now?: Date; store?: ArtifactStore };

export async function collectGarbage(options: GcOptions = {}): Promise<GcReport> {
  const client = await pool().connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [GC_LOCK]);
    if (!rows[0]?.locked) throw new GcBusyError();
    try {
      return await pass(options);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [GC_LOCK]);
    }
  } finally {
    client.release();
  }
}

async function pass(options: GcOptions): Promise<GcReport> {
  const dryRun = options.dryRun ?? false;
  const graceDays = options.graceDays ?? gcGraceDays();
  const now = options.now ?? new Date();
  const store = options.store ?? artifactStore();
  const deleted = await purgeDeleted({ cutoff: new Date(now.getTime() - graceDays * DAY_MS), now, dryRun });
  const retention = await applyRetentionPolicies({ now, dryRun });
  const queue = await processPurgeQueue(store, { now, dryRun });
  const staleUploads = await store.sweepStale(new Date(now.getTime() - STALE_UPLOAD_MS), { dryRun });
  if (!dryRun) await deleteExpiredRateLimits(); // past windows' counters refuse nothing
  const queued = queue.done.reduce((sum, entry) => sum + entry.bytes, 0);
  // On a real pass everything removed went through the queue; a dry run queued nothing, so
  // what purges and retention would queue is counted from their artifact records.
  const notYetQueued = dryRun
    ? deleted.projects.reduce((sum, p) => sum + p.bytes, 0) + deleted.runs.reduce((sum, r) => sum + r.bytes, 0) + retention.reduce((sum, p) => sum + p.bytes, 0)
    : 0;
  return { dryRun, graceDays, startedAt: now, deleted, retention, queue, staleUploads, bytesReclaimed: queued + notYetQueued + staleUploads.bytes };
}

/** The report as the admin CLI prints it. */
export function describeGcReport(report: GcReport): string[] {
  const would = report.dryRun ? 'would be ' : '';
  const lines: string[] = [report.dryRun ? 'Dry run: nothing was removed.' : `Garbage collection at ${report.startedAt.toISOString()}.`];
  const { deleted, retention, queue, staleUploads } = report;
  lines.push(`Deleted projects past the ${report.graceDays}-day grace period ${would}removed: ${deleted.projects.length}`);
  for (const p of deleted.projects) lines.push(`  project ${p.projectId} "${p.name}": ${p.runs} runs, ${formatBytes(p.bytes)}`);
  lines.push(`Deleted runs past the grace period ${would}removed: ${deleted.runs.length} (${formatBytes(deleted.runs.reduce((s, r) => s + r.bytes, 0))})`);
  if (deleted.kept.length > 0) {
    lines.push(`Deleted runs kept because they back registered model versions: ${deleted.kept.length}`);
    for (const run of deleted.kept) lines.push(`  run ${run.runId} "${run.name}": ${run.versions.join(', ')}`);
  }
  for (const project of retention) {
    lines.push(`Retention policy of project ${project.projectId} "${project.projectName}": artifacts of ${project.runs.length} runs ${would}removed (${project.files} files, ${formatBytes(project.bytes)})`);
  }
  if (queue.done.length > 0) lines.push(`Queued artifact bytes ${would}removed: ${queue.done.length} prefixes, ${formatBytes(queue.done.reduce((s, e) => s + e.bytes, 0))}`);
  for (const failure of queue.failed) lines.push(`  could not remove ${failure.keyPrefix}: ${failure.error} (retried next time)`);
  if (queue.pending.entries > 0) {
    lines.push(`Waiting for the grace period (deleted teams): ${queue.pending.entries} prefixes, ${formatBytes(queue.pending.bytes)}, next on ${queue.pending.nextDue?.toISOString()}`);
  }
  lines.push(`Interrupted uploads ${would}swept: ${staleUploads.objects} (${formatBytes(staleUploads.bytes)})`);
  lines.push(`${report.dryRun ? 'Would reclaim' : 'Reclaimed'} ${formatBytes(report.bytesReclaimed)} (${report.bytesReclaimed} bytes)`);
  return lines;
}
