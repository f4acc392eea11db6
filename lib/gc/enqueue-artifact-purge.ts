// Queue artifact bytes for removal, in the transaction that removes the rows describing them
// (so the queue entry exists exactly when the rows are gone). gc removes the bytes once
// `notBefore` has passed (process-purge-queue.ts).
import type { SqlClient } from '../db/sql.ts';

export type QueuedPurge = { keyPrefix: string; reason: string; teamId: string | null; bytes: bigint | number | string; notBefore: Date };

export async function enqueueArtifactPurges(client: SqlClient, purges: readonly QueuedPurge[]): Promise<void> {
  if (purges.length === 0) return;
  await client.query(
    `INSERT INTO artifact_purges (key_prefix, reason, team_id, bytes, not_before)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[])`,
    [
      purges.map((p) => p.keyPrefix),
      purges.map((p) => p.reason),
      purges.map((p) => p.teamId),
      purges.map((p) => String(p.bytes)),
      purges.map((p) => p.notBefore.toISOString()),
    ],
  );
}
