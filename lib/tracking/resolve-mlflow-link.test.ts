// MLflow's printed and copied UI links, resolved for the signed-in person: runs and experiments
// (more in tests/mlflow/collaboration-client.test.ts with the real client), and registered models
// and their versions, which MLflow names only by name: the person's own team that has the model
// answers; another team's model of the same name is as missing as one that never was.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { addMembershipFixture, codeOf, createTeamFixture, principalFor, teamWorld, type TeamWorld } from '../../tests/helpers/fixtures.ts';
import { modelWithVersions } from '../../tests/helpers/registry-fixtures.ts';
import { deleteModelVersion } from '../registry/delete-model-version.ts';
import { resolveMlflowLink } from './resolve-mlflow-link.ts';

setupTestDatabase();

let world: TeamWorld;
let ours: { modelId: string; versionIds: string[] };
let theirs: { modelId: string };

beforeAll(async () => {
  world = await teamWorld();
  const made = await modelWithVersions(await principalFor(world.users.member.id), world.team.id, 2, 'fraud detector');
  ours = { modelId: made.model.id, versionIds: made.versions.map((v) => v.id) };
  // Another team has a model of the same name, and one the person's team does not have.
  const other = await principalFor(world.otherOwner.id);
  theirs = { modelId: (await modelWithVersions(other, world.otherTeam.id, 3, 'fraud detector')).model.id };
  await modelWithVersions(other, world.otherTeam.id, 1, 'their-only');
});

describe('#/models links', () => {
  it("open the person's team's model and version pages, the name decoded as MLflow's UI encodes it", async () => {
    const viewer = await principalFor(world.users.viewer.id);
    const team = `/t/${world.team.slug}/models/${ours.modelId}`;
    expect(await resolveMlflowLink(viewer, '/models/fraud%20detector')).toBe(team);
    expect(await resolveMlflowLink(viewer, '/models/fraud%20detector/')).toBe(team);
    expect(await resolveMlflowLink(viewer, '/models/fraud%20detector/versions/2')).toBe(`${team}/versions/2`);
    expect(await resolveMlflowLink(viewer, 'models/fraud detector/versions/1?o=1')).toBe(`${team}/versions/1`);
  });

  it("never open another team's model, a version the team's model lacks, or a deleted one", async () => {
    const viewer = await principalFor(world.users.viewer.id);
    for (const link of ['/models/their-only', '/models/their-only/versions/1', '/models/fraud%20detector/versions/3', '/models/nothing', '/models/fraud%20detector/versions/abc']) {
      expect([link, await codeOf(resolveMlflowLink(viewer, link))]).toEqual([link, link.endsWith('abc') ? 'BAD_USER_INPUT' : 'NOT_FOUND']);
    }
    await deleteModelVersion(await principalFor(world.users.member.id), { versionId: ours.versionIds[0] });
    expect(await codeOf(resolveMlflowLink(viewer, '/models/fraud%20detector/versions/1'))).toBe('NOT_FOUND');
    // The other team's owner gets their own.
    expect(await resolveMlflowLink(await principalFor(world.otherOwner.id), '/models/fraud%20detector/versions/3')).toBe(`/t/${world.otherTeam.slug}/models/${theirs.modelId}/versions/3`);
  });

  it('for someone in several teams, open the first team (by name) that has the model, or that version of it', async () => {
    const both = await createTeamFixture();
    await addMembershipFixture(both.id, world.users.viewer.id, 'VIEWER');
    await addMembershipFixture(world.otherTeam.id, world.users.viewer.id, 'VIEWER');
    const viewer = await principalFor(world.users.viewer.id);
    // Only the other team has version 3 and 'their-only'.
    expect(await resolveMlflowLink(viewer, '/models/fraud%20detector/versions/3')).toBe(`/t/${world.otherTeam.slug}/models/${theirs.modelId}/versions/3`);
    expect(await resolveMlflowLink(viewer, '/models/their-only')).toMatch(new RegExp(`^/t/${world.otherTeam.slug}/models/`));
  });
});
