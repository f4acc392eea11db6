// The registry meets collaboration, through GraphQL over HTTP: members discuss a model version
// (a mention, its creator told, the inbox linking to the version page), viewers read, other
// teams and deleted versions are NOT_FOUND; a member's approval request reaches the inbox of
// every member who may decide it (admins and owners, never the requester, never a viewer or
// another team), who can decide it from there; the requester hears how it ended.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setRegistryProtection } from '../../lib/registry/set-registry-protection.ts';
import { setupTestApp } from '../helpers/app.ts';
import { principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { modelWithVersions } from '../helpers/registry-fixtures.ts';
import { gql, ok, type Credentials } from './client.ts';

const app = setupTestApp();

let world: TeamWorld;
let model: { id: string; name: string };
let versionIds: string[];
const as = (role: 'owner' | 'admin' | 'member' | 'viewer'): Credentials => ({ cookie: world.cookies[role] });

const ADD = `mutation($input: AddCommentInput!) { addComment(input: $input) { id targetType mentions { email } } }`;
const THREADS = `query($id: ID!) { comments(targetType: MODEL_VERSION, targetId: $id) { comment { id body } replies { id } } }`;
const INBOX = `{ viewer { unreadNotificationCount notifications(first: 50) { edges { node {
  id kind summary path targetType targetId targetLabel excerpt readAt actor { email }
  request { id status decidedBy { email } }
} } } } }`;

type Entry = {
  id: string;
  kind: string;
  summary: string;
  path: string;
  targetType: string;
  targetId: string;
  targetLabel: string | null;
  excerpt: string | null;
  readAt: string | null;
  actor: { email: string } | null;
  request: { id: string; status: string; decidedBy: { email: string } | null } | null;
};

async function inbox(role: 'owner' | 'admin' | 'member' | 'viewer'): Promise<{ unread: number; entries: Entry[] }> {
  const viewer = ok(await gql<{ viewer: { unreadNotificationCount: number; notifications: { edges: { node: Entry }[] } } }>(app, INBOX, {}, as(role))).viewer;
  return { unread: viewer.unreadNotificationCount, entries: viewer.notifications.edges.map((e) => e.node) };
}

beforeAll(async () => {
  world = await teamWorld();
  // The owner registered the versions: comments on them reach the owner's inbox.
  const made = await modelWithVersions(await principalFor(world.users.owner.id), world.team.id, 3, 'churn');
  model = made.model;
  versionIds = made.versions.map((v) => v.id);
  await setRegistryProtection(await principalFor(world.users.owner.id), { teamId: world.team.id, stage: 'Production', protected: true });
});

describe('comments on a model version', () => {
  it("notify the mentioned member and the version's creator, with a link to the version page", async () => {
    const [v1] = versionIds;
    const { admin, member } = world.users;
    const comment = ok(
      await gql<{ addComment: { id: string; targetType: string; mentions: { email: string }[] } }>(
        app,
        ADD,
        { input: { targetType: 'MODEL_VERSION', targetId: v1, body: `@${admin.email} is v1 **calibrated**?` } },
        as('member'),
      ),
    ).addComment;
    expect(comment).toMatchObject({ targetType: 'MODEL_VERSION', mentions: [{ email: admin.email }] });

    const [mention] = (await inbox('admin')).entries.filter((e) => e.kind === 'MENTION');
    expect(mention).toMatchObject({
      targetType: 'MODEL_VERSION',
      targetId: v1,
      targetLabel: 'churn v1',
      path: `/t/${world.team.slug}/models/${model.id}/versions/1#comment-${comment.id}`,
      actor: { email: member.email },
      request: null,
      summary: `${member.name} mentioned you on model version churn v1`,
    });
    const [creator] = (await inbox('owner')).entries.filter((e) => e.kind === 'COMMENT');
    expect(creator.summary).toBe(`${member.name} commented on your model version churn v1`);

    // Viewers read the thread; they do not write to it.
    expect(ok(await gql<{ comments: { comment: { id: string } }[] }>(app, THREADS, { id: v1 }, as('viewer'))).comments.map((t) => t.comment.id)).toEqual([comment.id]);
    expect((await gql(app, ADD, { input: { targetType: 'MODEL_VERSION', targetId: v1, body: 'hi' } }, as('viewer'))).code).toBe('FORBIDDEN');
    // A reply in the version's thread; a comment of another thread is no parent.
    const reply = await gql(app, ADD, { input: { targetType: 'MODEL_VERSION', targetId: v1, body: 'yes', parentId: comment.id } }, as('admin'));
    expect(reply.code).toBe('OK');
    expect((await gql(app, ADD, { input: { targetType: 'MODEL_VERSION', targetId: versionIds[1], body: 'x', parentId: comment.id } }, as('admin'))).code).toBe('BAD_USER_INPUT');
  });

  it("are another team's NOT_FOUND, and go with a deleted version", async () => {
    const [, v2] = versionIds;
    const other = { cookie: world.otherOwnerCookie };
    expect((await gql(app, THREADS, { id: v2 }, other)).code).toBe('NOT_FOUND');
    expect((await gql(app, ADD, { input: { targetType: 'MODEL_VERSION', targetId: v2, body: 'planted' } }, other)).code).toBe('NOT_FOUND');
    const { id: doomed } = (await modelWithVersions(await principalFor(world.users.member.id), world.team.id, 1)).versions[0];
    ok(await gql(app, ADD, { input: { targetType: 'MODEL_VERSION', targetId: doomed, body: 'soon gone' } }, as('member')));
    ok(await gql(app, 'mutation($id: ID!) { deleteModelVersion(id: $id) }', { id: doomed }, as('member')));
    expect((await gql(app, THREADS, { id: doomed }, as('member'))).code).toBe('NOT_FOUND');
    expect((await gql(app, ADD, { input: { targetType: 'MODEL_VERSION', targetId: doomed, body: 'late' } }, as('member'))).code).toBe('NOT_FOUND');
    expect(await db.comment.count({ where: { targetType: 'MODEL_VERSION', targetId: doomed } })).toBe(1);
  });
});

const REQUEST = `mutation($input: RequestModelTransitionInput!) { requestModelTransition(input: $input) { id } }`;
const APPROVE = `mutation($input: DecideTransitionRequestInput!) { approveTransitionRequest(input: $input) { status } }`;
const REJECT = `mutation($input: DecideTransitionRequestInput!) { rejectTransitionRequest(input: $input) { status } }`;

describe('approval requests in the inbox', () => {
  it('reach every admin and owner, not the requester, viewers or other teams, and are decided from the inbox', async () => {
    const [, v2] = versionIds;
    const before = { member: (await inbox('member')).entries.length, viewer: (await inbox('viewer')).entries.length };
    const id = ok(
      await gql<{ requestModelTransition: { id: string } }>(
        app,
        REQUEST,
        { input: { modelId: model.id, move: 'STAGE', versionId: v2, stage: 'PRODUCTION', comment: 'best recall at equal precision' } },
        as('member'),
      ),
    ).requestModelTransition.id;

    for (const role of ['admin', 'owner'] as const) {
      const { entries, unread } = await inbox(role);
      const entry = entries.find((e) => e.request?.id === id);
      expect(entry, role).toMatchObject({
        kind: 'APPROVAL_REQUEST',
        targetType: 'MODEL_VERSION',
        targetId: v2,
        targetLabel: 'churn v2',
        path: `/t/${world.team.slug}/models/${model.id}#requests`,
        summary: `${world.users.member.name} asks for your approval to move churn v2 to Production`,
        excerpt: 'best recall at equal precision',
        readAt: null,
        request: { id, status: 'PENDING', decidedBy: null },
      });
      expect(unread).toBeGreaterThan(0);
    }
    expect((await inbox('member')).entries.length).toBe(before.member);
    expect((await inbox('viewer')).entries.length).toBe(before.viewer);
    expect(await db.notification.count({ where: { requestId: id, userId: world.otherOwner.id } })).toBe(0);

    // The admin approves from the inbox entry: the move happens, the owner's entry is settled
    // (read, showing who decided), the member hears it was approved.
    const ownerUnread = (await inbox('owner')).unread;
    expect(ok(await gql<{ approveTransitionRequest: { status: string } }>(app, APPROVE, { input: { id, comment: 'ship it' } }, as('admin'))).approveTransitionRequest.status).toBe('APPROVED');
    expect((await db.modelVersion.findUniqueOrThrow({ where: { id: v2 } })).stage).toBe('PRODUCTION');
    const owner = await inbox('owner');
    expect(owner.unread).toBe(ownerUnread - 1);
    expect(owner.entries.find((e) => e.request?.id === id)).toMatchObject({ request: { status: 'APPROVED', decidedBy: { email: world.users.admin.email } } });
    expect(owner.entries.find((e) => e.request?.id === id)?.readAt).not.toBeNull();
    const [approved] = (await inbox('member')).entries;
    expect(approved).toMatchObject({
      kind: 'REQUEST_APPROVED',
      summary: `${world.users.admin.name} approved your request to move churn v2 to Production`,
      excerpt: 'ship it',
      actor: { email: world.users.admin.email },
      readAt: null,
    });
  });

  it('tell the requester of a rejection with its reason, and tell nobody of a cancellation', async () => {
    const [, , v3] = versionIds;
    const file = async () =>
      ok(await gql<{ requestModelTransition: { id: string } }>(app, REQUEST, { input: { modelId: model.id, move: 'STAGE', versionId: v3, stage: 'PRODUCTION' } }, as('member')))
        .requestModelTransition.id;
    const rejected = await file();
    ok(await gql(app, REJECT, { input: { id: rejected, comment: 'wait for the fairness review' } }, as('owner')));
    const [entry] = (await inbox('member')).entries;
    expect(entry).toMatchObject({ kind: 'REQUEST_REJECTED', excerpt: 'wait for the fairness review', summary: `${world.users.owner.name} rejected your request to move churn v3 to Production` });

    const cancelled = await file();
    const count = await db.notification.count({ where: { userId: world.users.member.id } });
    ok(await gql(app, 'mutation($id: ID!) { cancelTransitionRequest(id: $id) { status } }', { id: cancelled }, as('member')));
    expect(await db.notification.count({ where: { userId: world.users.member.id } })).toBe(count);
    const settled = await db.notification.findMany({ where: { requestId: cancelled, kind: 'APPROVAL_REQUEST' } });
    expect(settled.map((n) => n.userId).sort()).toEqual([world.users.admin.id, world.users.owner.id].sort());
    expect(settled.every((n) => n.readAt !== null)).toBe(true);
  });

  it("are settled in the approvers' inboxes when their version is deleted", async () => {
    const { model: other, versions } = await modelWithVersions(await principalFor(world.users.member.id), world.team.id, 1);
    const id = ok(
      await gql<{ requestModelTransition: { id: string } }>(app, REQUEST, { input: { modelId: other.id, move: 'STAGE', versionId: versions[0].id, stage: 'PRODUCTION' } }, as('member')),
    ).requestModelTransition.id;
    expect((await db.notification.findMany({ where: { requestId: id } })).map((n) => n.readAt)).toEqual([null, null]);
    ok(await gql(app, 'mutation($id: ID!) { deleteModelVersion(id: $id) }', { id: versions[0].id }, as('member')));
    const settled = await db.notification.findMany({ where: { requestId: id } });
    expect(settled.every((n) => n.kind === 'APPROVAL_REQUEST' && n.readAt !== null)).toBe(true);
    expect((await inbox('admin')).entries.find((e) => e.request?.id === id)?.request?.status).toBe('CANCELLED');
  });

  it("an admin's own request goes to the other approvers only", async () => {
    const [v1] = versionIds;
    const id = ok(await gql<{ requestModelTransition: { id: string } }>(app, REQUEST, { input: { modelId: model.id, move: 'ALIAS_SET', versionId: v1, alias: 'challenger' } }, as('admin')))
      .requestModelTransition.id;
    const notified = await db.notification.findMany({ where: { requestId: id } });
    expect(notified.map((n) => [n.userId, n.kind])).toEqual([[world.users.owner.id, 'APPROVAL_REQUEST']]);
    expect((await inbox('owner')).entries.find((e) => e.request?.id === id)?.summary).toBe(`${world.users.admin.name} asks for your approval to point churn@challenger at v1`);
  });
});
