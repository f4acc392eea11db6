// A registered model version's files are never removed or replaced while the version exists:
// deleting them (or a directory holding them), or overwriting one, is refused. Adding new
// files to the run stays allowed (scripts log evaluation results after registering).
import type { SqlClient } from '../../db/sql.ts';
import { badInput } from '../../errors.ts';
import { versionsUsing } from '../../retention/registered-version-artifacts.ts';

export async function assertNotRegistered(client: SqlClient, runId: string, path: string, change: 'delete' | 'overwrite'): Promise<void> {
  if (change === 'overwrite') {
    const { rowCount } = await client.query('SELECT 1 FROM artifacts WHERE run_id = $1 AND path = $2', [runId, path]);
    if (!rowCount) return;
  }
  const versions = await versionsUsing(client, runId, path);
  if (versions.length === 0) return;
  const what = path === '' ? "this run's artifacts" : `'${path}'`;
  throw badInput(`Cannot ${change} ${what}: registered model version${versions.length > 1 ? 's' : ''} ${versions.join(', ')} ${versions.length > 1 ? 'are' : 'is'} made of these files; delete the version first`);
}
