// Which runs and paths back a registered model version, from model_versions and
// logged_models as they are (rows inserted directly: the registry's use cases live elsewhere).
import { beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../db/client.ts';
import { db } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { principalFor, teamWorld, type TeamWorld } from '../../tests/helpers/fixtures.ts';
import { registerVersion, runWithArtifacts, type RunFixture } from '../../tests/helpers/runs.ts';
import { createProject } from '../tracking/projects/create-project.ts';
import { overlapsRegistered, registeredVersionArtifacts, versionsUsing } from './registered-version-artifacts.ts';

setupTestDatabase();

let world: TeamWorld;
const runs: RunFixture[] = [];

beforeAll(async () => {
  world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  const project = await createProject(member, { teamId: world.team.id, name: 'registry-sources' });
  for (let i = 0; i < 9; i++) runs.push(await runWithArtifacts(member, project.id, { name: `r${i}`, files: { 'model/MLmodel': 'x' } }));
});

describe('registeredVersionArtifacts', () => {
  it('resolves every way a version names its files', async () => {
    const [a, b, c, d, e, f, g, h, i] = runs;
    const loggedModelId = `m-${'a'.repeat(32)}`;
    await db.loggedModel.create({ data: { id: loggedModelId, runId: c.runId, artifactPath: `models/${loggedModelId}/artifacts` } });
    const v1 = await registerVersion(world.team.id, `runs:/${a.runId}/model`);
    const v2 = await registerVersion(world.team.id, `runs:/${b.runId}`);
    const v3 = await registerVersion(world.team.id, `models:/${loggedModelId}`);
    const v4 = await registerVersion(world.team.id, `${d.artifactUri}/model/`, { runId: d.runId });
    const v5 = await registerVersion(world.team.id, 's3://elsewhere/model', { runId: e.runId });
    await registerVersion(world.team.id, 's3://elsewhere/unrelated');
    // A source that only looks like a run's location: the prefix must really be the run's.
    await registerVersion(world.team.id, `mlflow-artifacts:/999/${f.runId}/artifacts/model`);
    // Registered from another version: only the storage location the registry resolved names the run.
    const v6 = await registerVersion(world.team.id, 'models:/other-model/3', { storageLocation: `${h.artifactUri}/model` });
    // A deleted version (its row kept for the history) holds no files.
    const deleted = await registerVersion(world.team.id, `runs:/${i.runId}/model`, { runId: i.runId });
    await db.modelVersion.update({ where: { id: deleted.versionId }, data: { deletedAt: new Date() } });

    const all = await registeredVersionArtifacts(pool(), null);
    const mine = all.filter((entry) => runs.some((run) => run.runId === entry.runId));
    expect(mine).toEqual(
      expect.arrayContaining([
        { runId: a.runId, path: 'model', version: v1.label },
        { runId: b.runId, path: '', version: v2.label },
        { runId: c.runId, path: `models/${loggedModelId}/artifacts`, version: v3.label },
        { runId: d.runId, path: 'model', version: v4.label },
        { runId: e.runId, path: '', version: v5.label },
        { runId: h.runId, path: 'model', version: v6.label },
      ]),
    );
    expect(mine).toHaveLength(6);
    expect(mine.some((entry) => [f.runId, g.runId, i.runId].includes(entry.runId))).toBe(false);
    // Asked about some runs, it answers about those only.
    expect((await registeredVersionArtifacts(pool(), [a.runId, g.runId])).map((e) => e.runId)).toEqual([a.runId]);
  });

  it('says which versions a removal would touch', async () => {
    const [a] = runs;
    expect(await versionsUsing(pool(), a.runId, 'model/MLmodel')).toHaveLength(1);
    expect(await versionsUsing(pool(), a.runId, 'model')).toHaveLength(1);
    expect(await versionsUsing(pool(), a.runId, '')).toHaveLength(1);
    expect(await versionsUsing(pool(), a.runId, 'plots/loss.png')).toEqual([]);
    expect(await versionsUsing(pool(), a.runId, 'model2')).toEqual([]);
    expect(await versionsUsing(pool(), runs[6].runId, '')).toEqual([]);
    expect(await versionsUsing(pool(), runs[8].runId, '')).toEqual([]);
  });

  it('overlapsRegistered: a path touches a version when one holds the other', () => {
    const entry = { runId: 'r', path: 'model', version: 'm v1' };
    expect(['', 'model', 'model/MLmodel'].map((p) => overlapsRegistered(p, entry))).toEqual([true, true, true]);
    expect(['modelx', 'mode', 'other/model'].map((p) => overlapsRegistered(p, entry))).toEqual([false, false, false]);
    expect(overlapsRegistered('anything', { ...entry, path: '' })).toBe(true);
  });
});
