// MLflow GetModelVersionDownloadUri: where the client downloads the version's files from
// (MLflow's storage_location): an mlflow-artifacts: URI the artifact proxy serves, with the
// same authorization as the run's other artifacts.
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { loadVersionFor, type VersionRef } from './load-registry-rows.ts';

export async function getModelVersionDownloadUri(principal: Principal, ref: VersionRef): Promise<string> {
  const version = await loadVersionFor(principal, ref, 'team:read');
  const row = await db.modelVersion.findUniqueOrThrow({ where: { id: version.id }, select: { storageLocation: true } });
  return row.storageLocation;
}
