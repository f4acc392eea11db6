// Projects, runs, inputs and logged models against a real database, through the use cases.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import type { UserPrincipal, TokenPrincipal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { logInputs } from '../datasets/log-inputs.ts';
import { logModel } from '../models/log-model.ts';
import { createProject } from '../projects/create-project.ts';
import { deleteProject } from '../projects/delete-project.ts';
import { ensureDefaultProject } from '../projects/ensure-default-project.ts';
import { restoreProject } from '../projects/restore-project.ts';
import { searchProjects } from '../projects/search-projects.ts';
import { createRun } from './create-run.ts';
import { deleteRun } from './delete-run.ts';
import { getRun } from './get-run.ts';
import { updateRun } from './update-run.ts';

setupTestDatabase();

let alice: UserPrincipal;
let bobReadToken: TokenPrincipal;
let teamA: string;
let teamB: string;

beforeAll(async () => {
  const a = await db.user.create({ data: { email: 'alice@example.com' } });
  const b = await db.user.create({ data: { email: 'bob@example.com' } });
  teamA = (await db.team.create({ data: { slug: 'a', name: 'A' } })).id;
  teamB = (await db.team.create({ data: { slug: 'b', name: 'B' } })).id;
  alice = { kind: 'user', userId: a.id, email: a.email, isInstanceAdmin: false, memberships: new Map([[teamA, 'MEMBER']]) };
  bobReadToken = { kind: 'token', userId: b.id, email: b.email, tokenId: 't', teamId: teamB, scope: 'READ', role: 'OWNER' };
});

describe('projects and runs', () => {
  it('creates projects with unique names per team and a default artifact root', async () => {
    const p = await createProject(alice, { teamId: teamA, name: 'sweep', tags: [{ key: 'k', value: 'v' }] });
    expect(p.artifactLocation).toBe(`mlflow-artifacts:/${p.id}`);
    expect(p.tags).toEqual([{ key: 'k', value: 'v' }]);
    await expect(createProject(alice, { teamId: teamA, name: 'sweep' })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(createProject(alice, { teamId: teamB, name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(createProject(alice, { teamId: teamA, name: 'y', artifactLocation: 'file:///etc' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('makes one Default project under concurrent first use', async () => {
    const all = await Promise.all([1, 2, 3, 4].map(() => ensureDefaultProject(alice, teamA)));
    expect(new Set(all.map((p) => p.id)).size).toBe(1);
    expect(all[0].name).toBe('Default');
  });

  it('creates a run with its name, user and parent, and reads it back with data', async () => {
    const project = await createProject(alice, { teamId: teamA, name: 'runs' });
    const parent = await createRun(alice, { projectId: String(project.id), runName: 'parent', startTime: 1000 });
    expect(parent.id).toMatch(/^[0-9a-f]{32}$/);
    expect(parent.artifactUri).toBe(`mlflow-artifacts:/${project.id}/${parent.id}/artifacts`);
    const child = await createRun(alice, {
      projectId: project.id,
      tags: [
        { key: 'mlflow.parentRunId', value: parent.id },
        { key: 'mlflow.source.git.commit', value: 'abc123' },
      ],
      userId: 'alice',
    });
    expect(child.parentRunId).toBe(parent.id);
    expect(child.name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
    expect(child.system).toMatchObject({ codeVersion: 'abc123', user: 'alice', runName: child.name });
    expect(child.userId).toBe('alice');
    await expect(
      createRun(alice, { projectId: project.id, runName: 'a', tags: [{ key: 'mlflow.runName', value: 'b' }] }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(
      createRun(alice, { projectId: project.id, tags: [{ key: 'mlflow.parentRunId', value: 'f'.repeat(32) }] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const renamed = await updateRun(alice, { runId: parent.id, status: 'FINISHED', endTime: 2000, runName: 'renamed' });
    expect(renamed).toMatchObject({ name: 'renamed', status: 'FINISHED', endTime: 2000n });
    const view = await getRun(alice, { runId: parent.id });
    expect(view.tags).toContainEqual({ key: 'mlflow.runName', value: 'renamed' });
    await expect(getRun(bobReadToken, { runId: parent.id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: `Run '${parent.id}' not found` });
  });

  it('deletes a project with its runs and restores only those', async () => {
    const project = await createProject(alice, { teamId: teamA, name: 'to-delete' });
    const kept = await createRun(alice, { projectId: project.id });
    const gone = await createRun(alice, { projectId: project.id });
    await deleteRun(alice, { runId: gone.id });
    await deleteProject(alice, { projectId: project.id });
    expect((await getRun(alice, { runId: kept.id })).lifecycleStage).toBe('DELETED');
    await restoreProject(alice, { projectId: project.id });
    expect((await getRun(alice, { runId: kept.id })).lifecycleStage).toBe('ACTIVE');
    expect((await getRun(alice, { runId: gone.id })).lifecycleStage).toBe('DELETED');
  });

  it('checks tag keys at creation with the same MLflow key rule as set-tag (non-ASCII letters allowed)', async () => {
    const project = await createProject(alice, { teamId: teamA, name: 'tag-keys' });
    const run = await createRun(alice, { projectId: project.id, tags: [{ key: 'métrique/étape', value: 'v' }] });
    expect(run.tags).toContainEqual({ key: 'métrique/étape', value: 'v' });
    await expect(createRun(alice, { projectId: project.id, tags: [{ key: 'a/../b', value: 'v' }] })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining("Invalid value \"a/../b\" for parameter 'tags[0].key'"),
    });
    await expect(createRun(alice, { projectId: project.id, tags: [{ key: 'bad!', value: 'v' }] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('logs inputs idempotently and models into the history tag', async () => {
    const project = await createProject(alice, { teamId: teamA, name: 'inputs' });
    const run = await createRun(alice, { projectId: project.id });
    const datasets = [
      {
        dataset: { name: 'train', digest: 'd1', source_type: 'local', source: '{}' },
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
      },
    ];
    await logInputs(alice, { runId: run.id, datasets });
    await logInputs(alice, { runId: run.id, datasets });
    const view = await getRun(alice, { runId: run.id });
    expect(view.inputs).toHaveLength(1);
    expect(view.inputs[0]).toMatchObject({ context: 'training', dataset: { name: 'train', digest: 'd1' } });
    await expect(logInputs(alice, { runId: run.id, datasets: [{ dataset: { name: 'x' } } as never] })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });

    const model = { artifact_path: 'model', flavors: { sklearn: {} }, utc_time_created: 'now', run_id: run.id, signature: { big: 1 } };
    await logModel(alice, { runId: run.id, modelJson: JSON.stringify(model) });
    await logModel(alice, { runId: run.id, modelJson: JSON.stringify({ ...model, artifact_path: 'model2' }) });
    const history = JSON.parse((await getRun(alice, { runId: run.id })).tags.find((t) => t.key === 'mlflow.log-model.history')!.value);
    expect(history.map((h: { artifact_path: string }) => h.artifact_path)).toEqual(['model', 'model2']);
    expect(history[0].signature).toBeUndefined();
    expect(await db.loggedModel.count({ where: { runId: run.id } })).toBe(2);
    await expect(logModel(alice, { runId: run.id, modelJson: '{"flavors":{}}' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('searches projects by name and tags with pages', async () => {
    for (const name of ['s-1', 's-2', 's-3']) await createProject(alice, { teamId: teamA, name, tags: [{ key: 'group', value: 'g' }] });
    const first = await searchProjects(alice, { teamId: teamA, filter: "name LIKE 's-%' AND tags.group = 'g'", orderBy: ['name DESC'], maxResults: 2 });
    expect(first.projects.map((p) => p.name)).toEqual(['s-3', 's-2']);
    // A page token continues the same search (same filter and order).
    const second = await searchProjects(alice, { teamId: teamA, filter: "name LIKE 's-%' AND tags.group = 'g'", orderBy: ['name DESC'], maxResults: 2, pageToken: first.nextPageToken });
    expect(second.projects.map((p) => p.name)).toEqual(['s-1']);
    expect(second.nextPageToken).toBeUndefined();
    await expect(searchProjects(alice, { teamId: teamA, filter: "name = 'x' OR name = 'y'" })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(searchProjects(alice, { teamId: teamA, filter: "bogus = 'x'" })).rejects.toMatchObject({ message: expect.stringContaining('position 1') });
  });
});
