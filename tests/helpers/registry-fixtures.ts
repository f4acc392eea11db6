// Registry fixtures: a project and a run whose model files are recorded (so version sources
// resolve), and a registered model with versions made through the real use cases.
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../lib/authz/index.ts';
import { db } from '../../lib/db/client.ts';
import { createModelVersion } from '../../lib/registry/create-model-version.ts';
import { createRegisteredModel } from '../../lib/registry/create-registered-model.ts';

/** A run of a new project of the team, with files under model/ recorded as artifacts. */
export async function runWithModelFiles(teamId: string): Promise<{ runId: string; projectId: bigint }> {
  const project = await db.project.create({ data: { teamId, name: `p-${randomBytes(4).toString('hex')}`, artifactLocation: 'mlflow-artifacts:/x' } });
  const runId = randomBytes(16).toString('hex');
  await db.run.create({
    data: {
      id: runId,
      projectId: project.id,
      teamId,
      name: 'trained',
      status: 'FINISHED',
      startTime: 1n,
      artifactUri: `mlflow-artifacts:/${project.id}/${runId}/artifacts`,
      artifacts: { create: [{ path: 'model/MLmodel', size: 10n, sha256: 'x' }] },
    },
  });
  return { runId, projectId: project.id };
}

/** A registered model of the team with `versions` versions of one run's model, made as `principal`. */
export async function modelWithVersions(principal: Principal, teamId: string, versions: number, name = `m-${randomBytes(4).toString('hex')}`) {
  const { runId } = await runWithModelFiles(teamId);
  const model = await createRegisteredModel(principal, { teamId, name });
  const made = [];
  for (let i = 0; i < versions; i++) made.push(await createModelVersion(principal, { modelId: model.id }, { source: `runs:/${runId}/model` }));
  return { model, versions: made, runId };
}
