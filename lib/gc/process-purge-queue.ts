// Remove the artifact bytes queued for removal (enqueue-artifact-purge.ts) whose time has
// come: the store says how many files and bytes went, then the entry goes. A failure is
// recorded on the entry and retried at the next gc; nothing else depends on it.
import { query } from '../db/sql.ts';
import type { ArtifactStore, Usage } from '../storage/index.ts';

export type PurgeQueueReport = {
  /** Entries whose bytes were removed (or, on a dry run, would be). */
  done: { keyPrefix: string; reason: string; teamId: string | null; objects: number; bytes: number }[];
  failed: { keyPrefix: string; error: string }[];
  /** Entries not due yet (bytes of deleted teams within their grace period). */
  pending: { entries: number; bytes: number; nextDue: Date | null };
};

type Entry = { id: string; key_prefix: string; reason: string; team_id: string | null };

const BATCH = 500;

export async function processPurgeQueue(store: ArtifactStore, options: { now: Date; dryRun: boolean }): Promise<PurgeQueueReport> {
  const report: PurgeQueueReport = { done: [], failed: [], pending: { entries: 0, bytes: 0, nextDue: null } };
  let afterId = '0';
  for (;;) {
    const due = await query<Entry>(
      `SELECT id::text, key_prefix, reason, team_id FROM artifact_purges
        WHERE not_before <= $1::timestamptz AT TIME ZONE 'UTC' AND id > $2::bigint
        ORDER BY id LIMIT ${BATCH}`,
      [options.now.toISOString(), afterId],
    );
    for (const entry of due) {
      try {
        const usage: Usage = options.dryRun ? await store.usage(entry.key_prefix) : await store.deletePrefix(entry.key_prefix);
        if (!options.dryRun) await query('DELETE FROM artifact_purges WHERE id = $1', [entry.id]);
        report.done.push({ keyPrefix: entry.key_prefix, reason: entry.reason, teamId: entry.team_id, ...usage });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!options.dryRun) await query('UPDATE artifact_purges SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [entry.id, message.slice(0, 1000)]);
        report.failed.push({ keyPrefix: entry.key_prefix, error: message });
      }
    }
    if (due.length < BATCH) break;
    afterId = due[due.length - 1]!.id;
  }
  const [pending] = await query<{ entries: string; bytes: string | null; next_due: Date | null }>(
    `SELECT count(*) AS entries, sum(bytes) AS bytes, min(not_before) AS next_due
       FROM artifact_purges WHERE not_before > $1::timestamptz AT TIME ZONE 'UTC'`,
    [options.now.toISOString()],
  );
  report.pending = { entries: Number(pending?.entries ?? 0), bytes: Number(pending?.bytes ?? 0), nextDue: pending?.next_due ?? null };
  return report;
}
