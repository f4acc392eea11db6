// The audit trail through the real entry points: each security-relevant action leaves one
// event with its actor, target, time and client address; admins read it through GraphQL and
// as CSV; and no API edits or deletes an event.
import { buildSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { loadTypeDefs } from '../../graphql/server.ts';
import { CLIENT_ADDRESS_HEADER } from '../../lib/http/client-address.ts';
import { setupTestApp } from '../helpers/app.ts';
import { createUserFixture, sessionCookieFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { signInWithPassword } from '../helpers/sign-in.ts';
import { gql, type Credentials } from '../graphql/client.ts';
import { bearer, mlflowApi } from '../mlflow/support.ts';

const app = setupTestApp();
const serverMode = process.env.CAIRN_TEST_TARGET === 'server';
/** What the server records as the address: the stamped peer (server) or what the test sent (in-process). */
const ADDRESS = '192.0.2.55';
const expectedAddress = serverMode ? '127.0.0.1' : ADDRESS;
const from = { [CLIENT_ADDRESS_HEADER]: ADDRESS };

let world: TeamWorld;
let admin: Credentials;

const call = (query: string, variables: Record<string, unknown>, credentials: Credentials) =>
  app.fetch('/api/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...from, ...(credentials?.cookie ? { cookie: credentials.cookie } : {}), ...(credentials?.token ? { authorization: `Bearer ${credentials.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  }).then(async (response) => (await response.json()) as { data?: Record<string, any>; errors?: unknown[] });

beforeAll(async () => {
  world = await teamWorld();
  admin = { cookie: world.cookies.admin };
});

const lastEvent = (action: string, where: Record<string, unknown> = {}) => db.auditEvent.findFirst({ where: { action, ...where }, orderBy: { id: 'desc' } });

describe('each security-relevant action is recorded with actor, target, time and address', () => {
  it('sign-in, failed sign-in (known and unknown email)', async () => {
    const { user, password } = await createUserFixture();
    const before = new Date(Date.now() - 1000);
    await signInWithPassword(app, user.email, 'wrong-password-here', from);
    await signInWithPassword(app, user.email, password, from);
    await signInWithPassword(app, 'no-account@example.com', 'whatever-password', from);
    const events = await db.auditEvent.findMany({ where: { OR: [{ actorId: user.id }, { actorEmail: 'no-account@example.com' }] }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.action, e.actorEmail, e.ip, (e.metadata as { reason?: string }).reason ?? null])).toEqual([
      ['user.sign_in_failed', user.email, expectedAddress, 'password'],
      ['user.signed_in', user.email, expectedAddress, null],
      ['user.sign_in_failed', 'no-account@example.com', expectedAddress, 'unknown-email'],
    ]);
    for (const event of events) expect(event.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });

  it('tokens created and revoked, roles changed, members removed', async () => {
    const created = await call('mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { apiToken { id } } }', { input: { teamId: world.team.id, name: 'ci', scope: 'READ' } }, admin);
    const tokenId = created.data!.createApiToken.apiToken.id as string;
    await call('mutation($id: ID!) { revokeApiToken(id: $id) }', { id: tokenId }, admin);
    await call('mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }', { input: { teamId: world.team.id, userId: world.users.viewer.id, role: 'MEMBER' } }, admin);
    const { user: leaving } = await createUserFixture();
    await db.membership.create({ data: { teamId: world.team.id, userId: leaving.id, role: 'VIEWER' } });
    await call('mutation($input: RemoveMemberInput!) { removeMember(input: $input) }', { input: { teamId: world.team.id, userId: leaving.id } }, admin);

    const common = { teamId: world.team.id, actorId: world.users.admin.id, actorEmail: world.users.admin.email, ip: expectedAddress };
    expect(await lastEvent('token.create', { targetId: tokenId })).toMatchObject({ ...common, targetType: 'ApiToken', metadata: { name: 'ci', scope: 'READ' } });
    expect(await lastEvent('token.revoke', { targetId: tokenId })).toMatchObject({ ...common, targetType: 'ApiToken' });
    expect(await lastEvent('member.role_change', { targetId: world.users.viewer.id })).toMatchObject({ ...common, targetType: 'User', metadata: { from: 'VIEWER', to: 'MEMBER' } });
    expect(await lastEvent('member.remove', { targetId: leaving.id })).toMatchObject({ ...common, targetType: 'User', metadata: { role: 'VIEWER' } });
  });

  it('deletions through the MLflow API, with the token that did them', async () => {
    const api = mlflowApi(app, bearer(world.tokens.write));
    const experiment = await api.post('experiments/create', { name: `doomed-${Date.now()}` });
    const run = await api.post('runs/create', { experiment_id: experiment.body.experiment_id });
    const runId = run.body.run.info.run_id as string;
    await app.fetch('/api/2.0/mlflow/runs/delete', { method: 'POST', headers: { authorization: `Bearer ${world.tokens.write}`, 'content-type': 'application/json', ...from }, body: JSON.stringify({ run_id: runId }) });
    await app.fetch('/api/2.0/mlflow/experiments/delete', { method: 'POST', headers: { authorization: `Bearer ${world.tokens.write}`, 'content-type': 'application/json', ...from }, body: JSON.stringify({ experiment_id: experiment.body.experiment_id }) });
    const runEvent = await lastEvent('run.delete', { targetId: runId });
    expect(runEvent).toMatchObject({ teamId: world.team.id, actorId: world.users.member.id, targetType: 'Run', ip: expectedAddress });
    expect(runEvent?.tokenId).not.toBeNull();
    expect(await lastEvent('project.delete', { targetId: String(experiment.body.experiment_id) })).toMatchObject({ teamId: world.team.id, targetType: 'Project', metadata: { runs: 0 } });
  });
});

describe('reading the trail', () => {
  it('admins filter it through GraphQL by actor, action and target', async () => {
    const result = await gql<{ auditEvents: { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean } } }>(
      app,
      'query($teamId: ID, $filter: AuditEventFilter) { auditEvents(teamId: $teamId, filter: $filter, first: 10) { edges { node { action actorEmail targetType targetId targetLabel clientAddress description token { name } createdAt } } pageInfo { hasNextPage } } }',
      { teamId: world.team.id, filter: { actor: world.users.admin.email, action: 'token.' } },
      admin,
    );
    expect(result.code).toBe('OK');
    expect(result.data!.auditEvents.edges.map((e) => e.node.action)).toEqual(['token.revoke', 'token.create']);
    expect(result.data!.auditEvents.edges[0].node).toMatchObject({ actorEmail: world.users.admin.email, targetType: 'ApiToken', targetLabel: 'ci', clientAddress: expectedAddress, description: 'An API token was revoked' });
    const members = await gql(app, 'query($teamId: ID) { auditEvents(teamId: $teamId) { edges { node { id } } } }', { teamId: world.team.id }, { cookie: world.cookies.member });
    expect(members.code).toBe('FORBIDDEN');
    const actions = await gql<{ auditActions: { name: string }[] }>(app, '{ auditActions { name description } }', {}, admin);
    expect(actions.data!.auditActions.map((a) => a.name)).toContain('user.sign_out_everywhere');
  });

  it('exports it as CSV with the same filters and rights', async () => {
    const response = await app.fetch(`/api/audit-events.csv?teamId=${world.team.id}&action=token.create`, { headers: { cookie: world.cookies.admin } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="cairn-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('time,action,actor_email,actor_id,token,team_id,target_type,target_id,target,client_address,details');
    expect(lines.length - 1).toBe(await db.auditEvent.count({ where: { teamId: world.team.id, action: 'token.create' } }));
    expect(lines.slice(1).every((line) => /^\d{4}-\d{2}-\d{2}T[^,]+Z,token\.create,/.test(line))).toBe(true);

    for (const [cookie, status] of [[world.cookies.member, 403], [world.cookies.owner, 200], [world.otherOwnerCookie, 404]] as const) {
      expect((await app.fetch(`/api/audit-events.csv?teamId=${world.team.id}`, { headers: { cookie } })).status).toBe(status);
    }
    expect((await app.fetch(`/api/audit-events.csv?teamId=${world.team.id}`)).status).toBe(401);
    expect((await app.fetch(`/api/audit-events.csv?teamId=${world.team.id}&since=garbage`, { headers: { cookie: world.cookies.admin } })).status).toBe(400);
  });

  it("escapes cells a spreadsheet would run as formulas (an attacker chooses the email of a failed sign-in)", async () => {
    const formula = "=cmd|' /c calc'!a1@x.com";
    await signInWithPassword(app, formula, 'whatever-password', from);
    const { user: root } = await createUserFixture({ isInstanceAdmin: true });
    const response = await app.fetch(`/api/audit-events.csv?actor=${encodeURIComponent('/c calc')}`, { headers: { cookie: await sessionCookieFor(root) } });
    expect(response.status).toBe(200);
    const [, line] = (await response.text()).trim().split('\r\n');
    const email = line.split(',')[2];
    expect(email).toBe(`'${formula}`);
  });
});

describe('events cannot be edited or deleted through any API', () => {
  it('no GraphQL mutation touches audit events, and the export route only reads', async () => {
    const schema = buildSchema(loadTypeDefs());
    const mutations = Object.values(schema.getMutationType()!.getFields());
    expect(mutations.filter((field) => /audit/i.test(field.name) || /AuditEvent/.test(String(field.type)))).toEqual([]);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect((await app.fetch(`/api/audit-events.csv?teamId=${world.team.id}`, { method, headers: { cookie: world.cookies.owner } })).status).toBe(405);
    }
  });

  it("deleting the team keeps its trail (instance admins still read it)", async () => {
    const disposable = await teamWorld();
    const before = await db.auditEvent.count({ where: { teamId: disposable.team.id } });
    expect(before).toBeGreaterThan(0);
    const deleted = await gql(app, 'mutation($id: ID!) { deleteTeam(teamId: $id) }', { id: disposable.team.id }, { cookie: disposable.cookies.owner });
    expect(deleted.code).toBe('OK');
    expect(await db.auditEvent.count({ where: { actorEmail: disposable.users.member.email, action: 'token.create' } })).toBe(2);
  });
});
