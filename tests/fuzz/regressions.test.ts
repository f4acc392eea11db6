// What the property-based tests found, each pinned as a plain test: text with NUL reached
// PostgreSQL (which cannot store it) and came back as a 500 from every entry point; now the
// filter parser refuses it, and any database refusal of bad data is BAD_USER_INPUT (400).
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { createInvitation } from '../../lib/teams/create-invitation.ts';
import { setupTestApp } from '../helpers/app.ts';
import { principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { runWithArtifacts, type RunFixture } from '../helpers/runs.ts';
import { gql } from '../graphql/client.ts';
import { bearer, mlflowApi } from '../mlflow/support.ts';

const app = setupTestApp();

let world: TeamWorld;
let projectId: string;
let run: RunFixture;

beforeAll(async () => {
  world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  projectId = String((await createProject(member, { teamId: world.team.id, name: 'p' })).id);
  run = await runWithArtifacts(member, projectId, { name: 'r', status: 'RUNNING' });
});

describe('NUL characters (found by the fuzzers)', () => {
  it('in a search filter: 400 from the parser, not a 500 from PostgreSQL', async () => {
    const reply = await mlflowApi(app, bearer(world.tokens.read)).post('runs/search', { experiment_ids: [projectId], filter: "params.k = '\u0000'" });
    expect(reply).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('NUL') } });
  });

  it('in MLflow writes: 400, and nothing written', async () => {
    const api = mlflowApi(app, bearer(world.tokens.write));
    const before = { tags: await db.projectTag.count(), params: await db.param.count(), runTags: await db.runTag.count() };
    for (const [path, body] of [
      ['experiments/delete-experiment-tag', { experiment_id: projectId, key: '\u0000' }],
      ['experiments/set-experiment-tag', { experiment_id: projectId, key: 'k', value: 'a\u0000' }],
      ['runs/set-tag', { run_id: run.runId, key: 'k', value: '\u0000' }],
      ['runs/log-batch', { run_id: run.runId, params: [{ key: 'ok', value: '1' }, { key: 'bad', value: 'x\u0000' }] }],
    ] as const) {
      const reply = await api.post(path, body);
      expect({ path, status: reply.status, body: reply.body }).toEqual({ path, status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Text may not contain NUL characters (\\u0000)' } });
    }
    expect({ tags: await db.projectTag.count(), params: await db.param.count(), runTags: await db.runTag.count() }).toEqual(before);
  });

  it('in GraphQL and sign-up: BAD_USER_INPUT, nothing created', async () => {
    const result = await gql(app, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }', { input: { teamId: world.team.id, name: 'a\u0000b' } }, { cookie: world.cookies.member });
    expect(result).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ message: 'Text may not contain NUL characters (\\u0000)' }] });
    expect(await db.project.count({ where: { teamId: world.team.id } })).toBe(1);
    const { token } = await createInvitation(await principalFor(world.users.owner.id), { teamId: world.team.id, role: 'VIEWER' });
    const signUp = await app.fetch('/api/auth/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nul@example.com', password: 'granite-orbit-velvet-9', name: 'N\u0000', inviteToken: token }) });
    expect(signUp.status).toBe(400);
    expect(await signUp.json()).toEqual({ error: { code: 'BAD_USER_INPUT', message: 'Text may not contain NUL characters (\\u0000)' } });
    expect(await db.user.count({ where: { email: 'nul@example.com' } })).toBe(0);
  });
});
