// Upload one artifact file into a run: stream it into the store under a temporary key
// (hashing as it flows, never holding the file), then in one transaction record the row
// (size, sha256, content type) and move the bytes into place. A failed or oversized
// upload leaves neither a row nor a visible file; an overwrite swaps both together. A file of a
// registered model version cannot be overwritten (new files beside it are fine).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { pool } from '../../db/client.ts';
import { withTransaction, type SqlClient } from '../../db/sql.ts';
import { publishEvent } from '../../events/publish-event.ts';
import { runTopic } from '../../events/topics.ts';
import { badInput } from '../../errors.ts';
import { ancestorsOf } from '../../storage/artifact-path.ts';
import { artifactStore, maxArtifactBytes, type UploadBody } from '../../storage/index.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { artifactKey, locateRun, lockRunArtifacts, requireFilePath, uploadTempKey } from './artifact-location.ts';
import { recordableContentType } from './content-type.ts';
import { assertNotRegistered } from './registered-artifacts-guard.ts';

const uploadArtifactInput = z.object({
  runId: z.string(),
  /** When the caller came through the proxy URL: the run must be in this project. */
  projectId: z.string().optional(),
  path: z.string(),
  contentType: z.string().nullish(),
});

export type UploadArtifactInput = z.input<typeof uploadArtifactInput> & { body: UploadBody | null };

export type UploadedArtifact = { runId: string; path: string; size: number; sha256: string; contentType: string | null };

/**
 * A file may not sit where a directory is (or the other way round): 'a' and 'a/b' cannot both
 * exist, as on a filesystem. One query over the path's ancestors and descendants.
 */
async function assertNoFileDirectoryClash(client: SqlClient, runId: string, path: string): Promise<void> {
  const { rows } = await client.query<{ path: string }>(
    `SELECT path FROM artifacts
      WHERE run_id = $1 AND (path = ANY($2::text[]) OR starts_with(path, $3))
      LIMIT 1`,
    [runId, ancestorsOf(path), `${path}/`],
  );
  if (rows.length > 0) {
    const clash = rows[0].path;
    throw badInput(
      clash.startsWith(`${path}/`)
        ? `Artifact path '${path}' is a directory of this run`
        : `Artifact path '${path}' is inside '${clash}', which is a file of this run`,
    );
  }
}

export async function uploadArtifact(principal: Principal, input: UploadArtifactInput): Promise<UploadedArtifact> {
  const parsed = parseInput(uploadArtifactInput, input);
  const path = requireFilePath(parsed.path);
  const run = await locateRun(principal, parsed, 'run:write');
  const contentType = recordableContentType(parsed.contentType);
  const store = artifactStore();

  // Refuse a clash before reading a byte of the body; checked again under the row lock below.
  await assertNoFileDirectoryClash(pool(), run.id, path);
  await assertNotRegistered(pool(), run.id, path, 'overwrite');

  const tempKey = uploadTempKey();
  const body = input.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
  let stored: { size: number; sha256: string };
  try {
    stored = await store.put(tempKey, body, { maxBytes: maxArtifactBytes(), contentType: contentType ?? undefined });
  } catch (error) {
    await store.delete(tempKey).catch(() => undefined);
    throw error;
  }

  try {
    await withTransaction(async (client) => {
      await lockRunArtifacts(client, run.id);
      await assertNoFileDirectoryClash(client, run.id, path);
      await assertNotRegistered(client, run.id, path, 'overwrite');
      await client.query(
        `INSERT INTO artifacts (id, run_id, path, size, sha256, content_type, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, now(), now())
         ON CONFLICT (run_id, path) DO UPDATE
           SET size = EXCLUDED.size, sha256 = EXCLUDED.sha256, content_type = EXCLUDED.content_type, updated_at = now()`,
        [randomUUID(), run.id, path, stored.size, stored.sha256, contentType],
      );
      // Last step before COMMIT: if the move fails the row rolls back with it.
      await store.move(tempKey, artifactKey(run, path));
    });
  } catch (error) {
    await store.delete(tempKey).catch(() => undefined);
    throw error;
  }
  publishEvent(runTopic(run.id));
  return { runId: run.id, path, size: stored.size, sha256: stored.sha256, contentType };
}
