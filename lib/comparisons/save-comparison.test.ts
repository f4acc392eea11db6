import { describe, expect, it } from 'vitest';
import { db } from '../db/client.ts';
import { addComment } from '../comments/add-comment.ts';
import { createShareLink } from '../sharing/create-share-link.ts';
import { resolveShareLink } from '../sharing/resolve-share-link.ts';
import { createProject } from '../tracking/projects/create-project.ts';
import { createRun } from '../tracking/runs/create-run.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { codeOf, principalFor, teamWorld } from '../../tests/helpers/fixtures.ts';
import { loadComparisonFor } from './comparison-view.ts';
import { deleteComparison } from './delete-comparison.ts';
import { listComparisons } from './list-comparisons.ts';
import { saveComparison } from './save-comparison.ts';

setupTestDatabase();

async function setup() {
  const world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  const project = await createProject(member, { teamId: world.team.id, name: 'p' });
  const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => createRun(member, { projectId: project.id, runName: name })));
  const otherOwner = await principalFor(world.otherOwner.id);
  const theirProject = await createProject(otherOwner, { teamId: world.otherTeam.id, name: 'theirs' });
  const theirs = await createRun(otherOwner, { projectId: theirProject.id });
  return { world, member, runs: [a.id, b.id, c.id], theirs: theirs.id };
}

describe('saved comparisons', () => {
  it('keep a fixed, ordered set of the team’s runs and the compare view’s state', async () => {
    const { world, member, runs } = await setup();
    const panels = [{ id: 's', kind: 'scatter', x: 'params.lr', y: 'metrics.loss', logX: true, logY: false }] as const;
    const view = { layout: 'rows', onlyDifferences: true, directions: { loss: 'max' }, panels, runs: 'not part of the view' };
    const saved = await saveComparison(member, { teamId: world.team.id, name: ' best two ', runIds: [runs[2], runs[0], runs[2]], view: view as never });
    expect(saved).toMatchObject({
      name: 'best two',
      runIds: [runs[2], runs[0]],
      view: { layout: 'rows', onlyDifferences: true, directions: { loss: 'max' }, panels },
      createdById: world.users.member.id,
    });
    expect(saved.view).not.toHaveProperty('runs');
    expect(await loadComparisonFor(await principalFor(world.users.viewer.id), saved.id, 'team:read')).toEqual(saved);
    expect((await listComparisons(member, { teamId: world.team.id })).map((c) => c.id)).toEqual([saved.id]);
  });

  it('refuse runs of another team, too few runs and bad input without writing anything', async () => {
    const { world, member, runs, theirs } = await setup();
    expect(await codeOf(saveComparison(member, { teamId: world.team.id, name: 'x', runIds: [runs[0], theirs] }))).toBe('NOT_FOUND');
    expect(await codeOf(saveComparison(member, { teamId: world.team.id, name: 'x', runIds: [runs[0], runs[0]] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(saveComparison(member, { teamId: world.team.id, name: '', runIds: runs }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(saveComparison(member, { teamId: world.team.id, name: 'x', runIds: runs, view: { layout: 'sideways' } as never }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(saveComparison(member, { teamId: world.team.id, name: 'x', runIds: runs, view: { panels: [{ id: 'p', kind: 'pie' }] } as never }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(saveComparison(member, { teamId: world.otherTeam.id, name: 'x', runIds: [theirs, theirs] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(saveComparison(await principalFor(world.users.viewer.id), { teamId: world.team.id, name: 'x', runIds: runs }))).toBe('FORBIDDEN');
    expect(await db.comparison.count({ where: { teamId: { in: [world.team.id, world.otherTeam.id] } } })).toBe(0);
  });

  it('read a stored view of an older shape as the default view', async () => {
    const { world, member, runs } = await setup();
    const saved = await saveComparison(member, { teamId: world.team.id, name: 'old', runIds: runs });
    expect(saved.view).toEqual({ layout: 'auto', onlyDifferences: false, directions: {}, panels: null });
    await db.comparison.update({ where: { id: saved.id }, data: { view: { layout: 'sideways', metric: 'loss' } } });
    expect((await loadComparisonFor(member, saved.id, 'team:read')).view).toEqual({ layout: 'auto', onlyDifferences: false, directions: {}, panels: null });
  });

  it('are deleted by their creator or an admin, with their comments, and their share links stop working', async () => {
    const { world, member, runs } = await setup();
    const saved = await saveComparison(member, { teamId: world.team.id, name: 'to delete', runIds: runs });
    await addComment(member, { targetType: 'COMPARISON', targetId: saved.id, body: 'hm' });
    const link = await createShareLink(member, { targetType: 'COMPARISON', targetId: saved.id });
    expect((await resolveShareLink(link.secret))?.runIds).toEqual(new Set(runs));
    const otherMember = await principalFor(world.users.viewer.id);
    expect(await codeOf(deleteComparison(otherMember, { comparisonId: saved.id }))).toBe('FORBIDDEN');
    await deleteComparison(await principalFor(world.users.admin.id), { comparisonId: saved.id });
    expect(await db.comment.count({ where: { targetId: saved.id } })).toBe(0);
    expect(await resolveShareLink(link.secret)).toBeNull();
    expect((await db.shareLink.findUniqueOrThrow({ where: { id: link.shareLink.id } })).revokedAt).not.toBeNull();
    expect(await codeOf(loadComparisonFor(member, saved.id, 'team:read'))).toBe('NOT_FOUND');
  });
});
