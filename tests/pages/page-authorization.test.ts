// Pages go through the same authorization module as the APIs: a member of one team gets a
// 404 for every page of another team (and for the other team's projects and runs under
// their own team's URLs), and anonymous visitors are sent to sign-in.
// Pages exist only in the built Next server, so this file runs under `npm test`
// (CAIRN_TEST_TARGET=server); the in-process dispatcher only reaches route handlers.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp } from '../helpers/app.ts';
import { addMembershipFixture, principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { createRun } from '../../lib/tracking/runs/create-run.ts';
import { modelWithVersions } from '../helpers/registry-fixtures.ts';
import { saveComparison } from '../../lib/comparisons/save-comparison.ts';

const serverMode = process.env.CAIRN_TEST_TARGET === 'server';
const app = setupTestApp();

describe.skipIf(!serverMode)('page authorization (built server)', () => {
  let world: TeamWorld;
  const own = { projectId: '', runId: '', modelId: '', comparisonId: '' };
  const other = { projectId: '', runId: '', modelId: '', comparisonId: '' };

  beforeAll(async () => {
    world = await teamWorld();
    for (const [target, teamId, userId] of [
      [own, world.team.id, world.users.member.id],
      [other, world.otherTeam.id, world.otherOwner.id],
    ] as const) {
      const principal = await principalFor(userId);
      const project = await createProject(principal, { teamId, name: `p-${teamId}` });
      const run = await createRun(principal, { projectId: project.id });
      const second = await createRun(principal, { projectId: project.id });
      target.projectId = String(project.id);
      target.runId = run.id;
      const { model } = await modelWithVersions(principal, teamId, 1);
      target.modelId = model.id;
      target.comparisonId = (await saveComparison(principal, { teamId, name: 'cmp', runIds: [run.id, second.id] })).id;
    }
  });

  const page = (path: string, cookie?: string) =>
    app.fetch(path, { redirect: 'manual', headers: cookie ? { cookie } : {} });

  it('serves the team pages to a member', async () => {
    const cookie = world.cookies.viewer;
    for (const path of [
      `/t/${world.team.slug}/projects`,
      `/t/${world.team.slug}/settings`,
      `/t/${world.team.slug}/projects/${own.projectId}`,
      `/t/${world.team.slug}/projects/${own.projectId}/settings`,
      `/t/${world.team.slug}/runs/${own.runId}`,
      `/t/${world.team.slug}/models`,
      `/t/${world.team.slug}/models/${own.modelId}`,
      `/t/${world.team.slug}/models/${own.modelId}/versions/1`,
      `/t/${world.team.slug}/comparisons/${own.comparisonId}`,
      `/inbox`,
      '/account',
    ]) {
      expect((await page(path, cookie)).status, path).toBe(200);
    }
  });

  it("shows the audit log to the team's admins and owners only", async () => {
    for (const [role, status] of [['owner', 200], ['admin', 200], ['member', 404], ['viewer', 404]] as const) {
      expect((await page(`/t/${world.team.slug}/settings/audit`, world.cookies[role])).status, role).toBe(status);
    }
  });

  it("answers 404 for another team's pages, projects and runs, whatever the URL", async () => {
    const cookie = world.cookies.owner;
    for (const path of [
      `/t/${world.otherTeam.slug}/projects`,
      `/t/${world.otherTeam.slug}/settings`,
      `/t/${world.otherTeam.slug}/projects/${other.projectId}`,
      `/t/${world.otherTeam.slug}/runs/${other.runId}`,
      `/t/${world.otherTeam.slug}/settings/audit`,
      `/t/${world.otherTeam.slug}/projects/${other.projectId}/settings`,
      `/t/${world.team.slug}/projects/${other.projectId}`,
      `/t/${world.team.slug}/projects/${other.projectId}/settings`,
      `/t/${world.team.slug}/runs/${other.runId}`,
      `/t/${world.otherTeam.slug}/comparisons/${other.comparisonId}`,
      `/t/${world.team.slug}/comparisons/${other.comparisonId}`,
      `/open?to=${encodeURIComponent(`/experiments/${other.projectId}/runs/${other.runId}`)}`,
      `/open?to=${encodeURIComponent(`/experiments/${other.projectId}`)}`,
      `/api/artifacts/${other.runId}/model.pkl`,
      `/t/${world.otherTeam.slug}/models`,
      `/t/${world.otherTeam.slug}/models/${other.modelId}`,
      `/t/${world.otherTeam.slug}/models/${other.modelId}/versions/1`,
      `/t/${world.team.slug}/models/${other.modelId}`,
      `/t/${world.team.slug}/models/${other.modelId}/versions/1`,
      `/t/${world.team.slug}/models/${own.modelId}/versions/2`,
      `/t/${world.team.slug}/models/${own.modelId}/versions/abc`,
      `/t/${world.team.slug}/models/not-a-model`,
    ]) {
      expect((await page(path, cookie)).status, path).toBe(404);
    }
  });

  it("keeps URLs honest for people in both teams: team B's project or run under team A's URL is a 404", async () => {
    await addMembershipFixture(world.otherTeam.id, world.users.admin.id, 'VIEWER');
    const cookie = world.cookies.admin;
    expect((await page(`/t/${world.otherTeam.slug}/projects/${other.projectId}`, cookie)).status).toBe(200);
    expect((await page(`/t/${world.otherTeam.slug}/models/${other.modelId}`, cookie)).status).toBe(200);
    for (const path of [`/t/${world.team.slug}/projects/${other.projectId}`, `/t/${world.team.slug}/runs/${other.runId}`, `/t/${world.team.slug}/models/${other.modelId}`]) {
      expect((await page(path, cookie)).status, path).toBe(404);
    }
  });

  it('sends anonymous visitors to sign-in', async () => {
    for (const path of [`/t/${world.team.slug}/projects`, `/t/${world.team.slug}/settings/audit`, '/account']) {
      const response = await page(path);
      expect([303, 307], path).toContain(response.status);
      expect(response.headers.get('location'), path).toContain('/sign-in?callbackUrl=');
    }
  });
});
