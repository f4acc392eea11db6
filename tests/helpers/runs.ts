// Runs with artifacts and metrics for disk tests (gc, retention, backup), made through the
// real use cases (uploads go to whatever store CAIRN_ARTIFACT_STORE selects), and registered
// model versions inserted as rows (the registry's own use cases live on another branch).
import type { Principal } from '../../lib/authz/index.ts';
import { db } from '../../lib/db/client.ts';
import { logBatch } from '../../lib/tracking/run-data/log-batch.ts';
import { createRun } from '../../lib/tracking/runs/create-run.ts';
import { updateRun } from '../../lib/tracking/runs/update-run.ts';
import { uploadArtifact } from '../../lib/tracking/artifacts/upload-artifact.ts';

export type RunFixture = { runId: string; projectId: bigint; artifactUri: string };

export async function runWithArtifacts(
  principal: Principal,
  projectId: bigint | string,
  options: {
    name?: string;
    files?: Record<string, string | Buffer>;
    metrics?: Record<string, number>;
    /** FINISHED unless said otherwise; RUNNING leaves the run open. */
    status?: 'FINISHED' | 'RUNNING' | 'FAILED';
    /** How long ago the run ended (days); default now. */
    endedDaysAgo?: number;
  } = {},
): Promise<RunFixture> {
  const run = await createRun(principal, { projectId: String(projectId), runName: options.name });
  const runId = run.id;
  for (const [path, content] of Object.entries(options.files ?? {})) {
    await uploadArtifact(principal, { runId, path, body: new Response(typeof content === 'string' ? content : new Uint8Array(content)).body });
  }
  if (options.metrics) {
    await logBatch(principal, { runId, metrics: Object.entries(options.metrics).map(([key, value]) => ({ key, value, step: 0, timestamp: Date.now() })) });
  }
  if ((options.status ?? 'FINISHED') !== 'RUNNING') {
    const endTime = Date.now() - (options.endedDaysAgo ?? 0) * 86_400_000;
    await updateRun(principal, { runId, status: options.status ?? 'FINISHED', endTime });
    if (options.endedDaysAgo) await db.run.update({ where: { id: runId }, data: { startTime: BigInt(endTime - 60_000) } });
  }
  const row = await db.run.findUniqueOrThrow({ where: { id: runId } });
  return { runId, projectId: row.projectId, artifactUri: row.artifactUri };
}

let versionSequence = 0;

/**
 * A registered model version row with the given source (and run_id when given); its storage
 * location is the source unless given (the registry resolves runs:/ and models:/ sources to it).
 */
export async function registerVersion(
  teamId: string,
  source: string,
  options: { runId?: string | null; model?: string; storageLocation?: string } = {},
): Promise<{ versionId: string; label: string }> {
  const name = options.model ?? `model-${process.pid}-${++versionSequence}`;
  const model = await db.registeredModel.upsert({ where: { teamId_name: { teamId, name } }, create: { teamId, name }, update: {} });
  const version = (await db.modelVersion.count({ where: { modelId: model.id } })) + 1;
  const row = await db.modelVersion.create({ data: { modelId: model.id, version, source, storageLocation: options.storageLocation ?? source, runId: options.runId ?? null } });
  return { versionId: row.id, label: `${name} v${version}` };
}
