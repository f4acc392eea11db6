// Saved views per user and project: each person reads back only their own, a field left out
// is kept and null resets it, malformed views are refused whole, sessions of any role may
// save (tokens and share links may not), and another team's project is NOT_FOUND.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import { codeOf, principalFor, teamWorld, type TeamWorld } from '../../../tests/helpers/fixtures.ts';
import type { TokenPrincipal, UserPrincipal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { createProject } from '../projects/create-project.ts';
import { getProjectPreferences, saveProjectPreferences } from './project-preferences.ts';

setupTestDatabase();

let world: TeamWorld;
let member: UserPrincipal;
let viewer: UserPrincipal;
let projectId: string;

const panels = { panels: [{ id: 'p1', kind: 'scatter', x: 'metrics.accuracy', y: 'metrics.fairness', logX: false, logY: false }] };

beforeAll(async () => {
  world = await teamWorld();
  member = await principalFor(world.users.member.id);
  viewer = await principalFor(world.users.viewer.id);
  projectId = String((await createProject(member, { teamId: world.team.id, name: 'prefs' })).id);
});

describe('project preferences', () => {
  it('saves per user and project; a field left out is kept, null resets it', async () => {
    expect(await getProjectPreferences(member, { projectId })).toEqual({ runsTable: null, chartPanels: null });
    await saveProjectPreferences(member, { projectId, runsTable: { columns: ['params.lr', 'metrics.accuracy'], widths: { 'params.lr': 120 } } });
    const saved = await saveProjectPreferences(member, { projectId, chartPanels: panels as never });
    expect(saved).toEqual({ runsTable: { columns: ['params.lr', 'metrics.accuracy'], widths: { 'params.lr': 120 } }, chartPanels: panels });
    // Another person of the team sees their own (nothing yet).
    expect(await getProjectPreferences(viewer, { projectId })).toEqual({ runsTable: null, chartPanels: null });
    await saveProjectPreferences(viewer, { projectId, runsTable: { columns: ['attributes.status'] } });
    expect((await getProjectPreferences(member, { projectId })).runsTable?.columns).toEqual(['params.lr', 'metrics.accuracy']);
    expect(await saveProjectPreferences(member, { projectId, runsTable: null })).toEqual({ runsTable: null, chartPanels: panels });
  });

  it('fills in defaults of panels saved without them', async () => {
    const saved = await saveProjectPreferences(member, { projectId, chartPanels: { panels: [{ id: 'l', kind: 'line', metric: 'loss' }] } as never });
    expect(saved.chartPanels?.panels[0]).toEqual({ id: 'l', kind: 'line', metric: 'loss', xAxis: 'step', smoothing: 0, logY: false });
  });

  it('refuses malformed views whole', async () => {
    const before = await getProjectPreferences(member, { projectId });
    for (const input of [
      { projectId, runsTable: { columns: ['lr'] } },
      { projectId, runsTable: { columns: Array.from({ length: 301 }, (_, i) => `params.p${i}`) } },
      { projectId, chartPanels: { panels: [{ id: 'x', kind: 'pie' }] } },
      { projectId, chartPanels: { panels: [{ id: 'x', kind: 'line', metric: 'loss', smoothing: 1.5 }] } },
      { projectId, runsTable: { columns: [] }, chartPanels: { panels: 'all' } },
    ]) {
      expect(await codeOf(saveProjectPreferences(member, input as never)), JSON.stringify(input).slice(0, 80)).toBe('BAD_USER_INPUT');
    }
    expect(await getProjectPreferences(member, { projectId })).toEqual(before);
  });

  it('drops a stored view that no longer fits the shapes instead of serving it', async () => {
    await db.projectPreference.update({ where: { userId_projectId: { userId: world.users.member.id, projectId: BigInt(projectId) } }, data: { runsTable: { columns: 'broken' } } });
    expect((await getProjectPreferences(member, { projectId })).runsTable).toBeNull();
  });

  it('lets sessions of any role save, not tokens; other teams are NOT_FOUND', async () => {
    const token: TokenPrincipal = { kind: 'token', userId: world.users.member.id, email: 'm@x', tokenId: 't', teamId: world.team.id, scope: 'WRITE', role: 'MEMBER' };
    expect(await codeOf(saveProjectPreferences(token, { projectId, runsTable: { columns: [] } }))).toBe('FORBIDDEN');
    expect(await codeOf(getProjectPreferences(token, { projectId }))).toBe('OK');
    const outsider = await principalFor(world.otherOwner.id);
    expect(await codeOf(saveProjectPreferences(outsider, { projectId, runsTable: { columns: [] } }))).toBe('NOT_FOUND');
    expect(await codeOf(getProjectPreferences(outsider, { projectId }))).toBe('NOT_FOUND');
    expect(await codeOf(getProjectPreferences(member, { projectId: '999999' }))).toBe('NOT_FOUND');
  });
});
