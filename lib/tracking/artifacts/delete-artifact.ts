// Delete an artifact file, or a whole directory of them ('' is the run's whole tree).
// Rows go first, in one statement; the bytes after the commit, so a failure can leave
// unreachable bytes behind but never a listed artifact without its file. Deleting
// nothing is not an error (MLflow's stores behave the same way). Files a registered model
// version is made of cannot be deleted while the version exists.
import { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { recordAuditEventSql } from '../../audit/record-audit-event.ts';
import { withTransaction } from '../../db/sql.ts';
import { normalizeArtifactPath } from '../../storage/artifact-path.ts';
import { artifactStore } from '../../storage/index.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { artifactKey, locateRun, lockRunArtifacts } from './artifact-location.ts';
import { assertNotRegistered } from './registered-artifacts-guard.ts';

const deleteArtifactInput = z.object({
  runId: z.string(),
  projectId: z.string().optional(),
  path: z.string().nullish(),
});

export type DeleteArtifactInput = z.input<typeof deleteArtifactInput>;

export async function deleteArtifact(principal: Principal, input: DeleteArtifactInput): Promise<{ deleted: number }> {
  const parsed = parseInput(deleteArtifactInput, input);
  const path = normalizeArtifactPath(parsed.path ?? '');
  const run = await locateRun(principal, parsed, 'run:write');

  const deleted = await withTransaction(async (client) => {
    await lockRunArtifacts(client, run.id);
    await assertNotRegistered(client, run.id, path, 'delete');
    const { rows } = await client.query<{ path: string }>(
      `DELETE FROM artifacts
        WHERE run_id = $1 AND ($2 = '' OR path = $2 OR starts_with(path, $2 || '/'))
        RETURNING path`,
      [run.id, path],
    );
    if (rows.length > 0) {
      await recordAuditEventSql(client, {
        principal,
        teamId: run.teamId,
        action: 'artifact.delete',
        targetType: 'Run',
        targetId: run.id,
        metadata: { path, files: rows.length },
      });
    }
    return rows.map((row) => row.path);
  });

  const store = artifactStore();
  if (deleted.includes(path)) await store.delete(artifactKey(run, path));
  if (path === '' || deleted.some((p) => p !== path)) await store.deletePrefix(artifactKey(run, path));
  return { deleted: deleted.length };
}
