// Where a run's artifacts are, in the three forms Cairn meets them:
//  - the run's artifact root URI, `mlflow-artifacts:/<projectId>/<runId>/artifacts`, which the
//    MLflow client turns into `/api/2.0/mlflow-artifacts/artifacts/<projectId>/<runId>/artifacts/<path>`;
//  - that proxy path, parsed back into (projectId, runId, path);
//  - the store key `<projectId>/<runId>/artifacts/<path>`, built only from the run row's own
//    ids and a normalized path, never from the URL as sent.
import { randomUUID } from 'node:crypto';
import { authorizeRow, type Action, type Principal } from '../../authz/index.ts';
import type { SqlClient } from '../../db/sql.ts';
import { badInput, notFound } from '../../errors.ts';
import { normalizeArtifactPath } from '../../storage/artifact-path.ts';
import { loadRunFor, type RunRow } from '../runs/load-run-for.ts';

export type RunArtifactLocation = {
  /** The experiment id in the URL; checked against the run's project. */
  projectId: string;
  runId: string;
  /** Normalized path inside the run's artifact root ('' is the root). */
  path: string;
};

const ARTIFACTS_SEGMENT = 'artifacts';

/**
 * Split a normalized proxy path `<projectId>/<runId>/artifacts[/<path>]`. Only the shape is
 * checked here; whether that run exists, is readable and belongs to that project is
 * locateRun's business.
 */
export function parseRunArtifactPath(proxyPath: string): RunArtifactLocation {
  const clean = normalizeArtifactPath(proxyPath);
  const [projectId, runId, artifacts, ...rest] = clean.split('/');
  if (!projectId || !runId || artifacts !== ARTIFACTS_SEGMENT) {
    throw badInput(`Invalid artifact path '${clean}': expected <experiment_id>/<run_id>/artifacts/<path>`);
  }
  return { projectId, runId, path: rest.join('/') };
}

/** The run's artifact root URI as the MLflow client sees it. */
export function runArtifactRoot(run: Pick<RunRow, 'id' | 'projectId'>): string {
  return `mlflow-artifacts:/${run.projectId}/${run.id}/${ARTIFACTS_SEGMENT}`;
}

/** Store key of the run's artifact root; `path` ('' for the root itself) must be normalized. */
export function artifactKey(run: Pick<RunRow, 'id' | 'projectId'>, path = ''): string {
  const root = `${run.projectId}/${run.id}/${ARTIFACTS_SEGMENT}`;
  return path ? `${root}/${path}` : root;
}

/** A fresh key for an upload in progress: outside every run's tree, invisible to listings. */
export function uploadTempKey(): string {
  return `.uploads/${randomUUID()}`;
}

/**
 * Load the run for `action`, and when the request named a project (the proxy URL does),
 * require the run to be in it: a run reached through another experiment's id is NOT_FOUND,
 * exactly as if it did not exist.
 */
export async function locateRun(
  principal: Principal,
  input: { runId: string; projectId?: string },
  action: Action,
): Promise<RunRow> {
  if (input.projectId !== undefined && !/^\d{1,19}$/.test(input.projectId)) {
    authorizeRow(principal, action, null, 'Run', input.runId);
  }
  const run = await loadRunFor(principal, input.runId, action);
  if (input.projectId !== undefined && String(run.projectId) !== input.projectId) throw notFound('Run', input.runId);
  return run;
}

/** Validate a run-relative artifact path that must name a file (not the root). */
export function requireFilePath(path: string): string {
  const clean = normalizeArtifactPath(path);
  if (clean === '') throw badInput('An artifact path is required');
  return clean;
}

/**
 * Serialise artifact writes of one run for the rest of the transaction (an advisory lock, not
 * the run row: run updates need not wait behind a slow S3 copy). Also takes the artifact-bytes
 * lock shared (see lockArtifactBytesShared).
 */
export async function lockRunArtifacts(client: SqlClient, runId: string): Promise<void> {
  await client.query(
    `SELECT pg_advisory_xact_lock(hashtextextended('cairn.artifacts:' || $1, 0)),
            pg_advisory_xact_lock_shared(hashtextextended($2, 0))`,
    [runId, ARTIFACT_BYTES_LOCK],
  );
}

/**
 * Every transaction that changes artifact rows holds this advisory lock shared until it
 * commits (bytes are moved into place before commit; removed only after their rows are gone).
 * A backup takes it exclusively for the moment it needs a database snapshot and the files
 * that snapshot lists to agree (lib/backup): no change is half-done while it holds it.
 */
export const ARTIFACT_BYTES_LOCK = 'cairn.artifact-bytes';

export async function lockArtifactBytesShared(client: SqlClient): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))`, [ARTIFACT_BYTES_LOCK]);
}
