// Metric points have no foreign key to runs (it cost a check per inserted point; see
// prisma/schema.prisma), so the code that deletes runs deletes their points with this, in
// the same transaction, after locking the runs FOR UPDATE: that lock waits for metric
// statements in flight (each holds its run's key-share lock, as the foreign key did) and
// keeps new ones out, so no point can land after this delete.
import type { SqlClient } from '../../db/sql.ts';

export async function deleteRunPoints(client: SqlClient, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  await client.query('DELETE FROM metric_points WHERE run_id = ANY($1::bpchar[])', [runIds]);
}
