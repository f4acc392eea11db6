// Comments, mentions, notifications and the run's note through GraphQL over HTTP: two members
// discuss a run (mention, reply) and the right people get the right inbox entries; mentions
// of non-members mention nobody; edit and delete rules; viewers read but cannot write;
// Markdown comes back sanitized; the runs table's comment count costs one query per page.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { createRun } from '../../lib/tracking/runs/create-run.ts';
import { setupTestApp } from '../helpers/app.ts';
import { createUserFixture, principalFor, sessionCookieFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { gql, ok, type Credentials } from './client.ts';

const app = setupTestApp();

let world: TeamWorld;
let runId: string;
let projectId: string;
const as = (role: 'owner' | 'admin' | 'member' | 'viewer'): Credentials => ({ cookie: world.cookies[role] });

const ADD = `mutation($input: AddCommentInput!) { addComment(input: $input) { id parentId body bodyHtml mentions { email } author { email } editedAt viewerCanEdit viewerCanDelete } }`;
const THREADS = `query($id: ID!) { run(id: $id) { commentCount comments { comment { id body bodyHtml deletedAt editedAt author { email } } replies { id body parentId author { email } } } } }`;
const INBOX = `{ viewer { unreadNotificationCount notifications { edges { node { id kind summary path targetType targetId targetLabel excerpt actor { email } readAt team { slug } } } } } }`;

beforeAll(async () => {
  world = await teamWorld();
  const owner = await principalFor(world.users.owner.id);
  const project = await createProject(owner, { teamId: world.team.id, name: 'discussed' });
  projectId = String(project.id);
  // The owner logged the run: comments on it reach the owner's inbox.
  runId = (await createRun(owner, { projectId: project.id, runName: 'resnet-lr-0.1' })).id;
});

describe('a discussion on a run', () => {
  it('notifies the mentioned member, the replied-to author and the run author, once each', async () => {
    const { member, admin, owner } = world.users;
    const first = ok(
      await gql<{ addComment: { id: string; mentions: { email: string }[]; bodyHtml: string } }>(
        app,
        ADD,
        { input: { targetType: 'RUN', targetId: runId, body: `@${admin.email} is **lr 0.1** too high?` } },
        as('member'),
      ),
    ).addComment;
    expect(first.mentions.map((m) => m.email)).toEqual([admin.email]);
    expect(first.bodyHtml).toContain('<span class="mention"');
    expect(first.bodyHtml).toContain('<strong>lr 0.1</strong>');

    const reply = ok(
      await gql<{ addComment: { id: string; parentId: string } }>(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'Yes: try 0.01', parentId: first.id } }, as('admin')),
    ).addComment;
    expect(reply.parentId).toBe(first.id);
    // A reply to the reply joins the same thread.
    const nested = ok(
      await gql<{ addComment: { parentId: string } }>(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'ok', parentId: reply.id } }, as('member')),
    ).addComment;
    expect(nested.parentId).toBe(first.id);

    const adminInbox = ok(await gql<any>(app, INBOX, {}, as('admin'))).viewer;
    expect(adminInbox.notifications.edges.map((e: any) => e.node.kind)).toEqual(['REPLY', 'MENTION']);
    const mention = adminInbox.notifications.edges[1].node;
    expect(mention).toMatchObject({
      targetType: 'RUN',
      targetId: runId,
      targetLabel: 'resnet-lr-0.1',
      path: `/t/${world.team.slug}/runs/${runId}#comment-${first.id}`,
      actor: { email: member.email },
      readAt: null,
      team: { slug: world.team.slug },
    });
    expect(mention.summary).toContain('mentioned you on run resnet-lr-0.1');
    expect(mention.excerpt).toContain('is **lr 0.1** too high?');
    expect(adminInbox.unreadNotificationCount).toBe(2);

    const memberInbox = ok(await gql<any>(app, INBOX, {}, as('member'))).viewer;
    expect(memberInbox.notifications.edges.map((e: any) => [e.node.kind, e.node.actor.email])).toEqual([['REPLY', admin.email]]);
    // The run's author hears about all three comments (none of them theirs).
    const ownerInbox = ok(await gql<any>(app, INBOX, {}, as('owner'))).viewer;
    expect(ownerInbox.notifications.edges.map((e: any) => e.node.kind)).toEqual(['COMMENT', 'COMMENT', 'COMMENT']);
    expect(owner.id).toBeTruthy();

    const threads = ok(await gql<any>(app, THREADS, { id: runId }, as('viewer'))).run;
    expect(threads.commentCount).toBe(3);
    expect(threads.comments).toHaveLength(1);
    expect(threads.comments[0].replies.map((r: any) => r.body)).toEqual(['Yes: try 0.01', 'ok']);
  });

  it('marks notifications read, one or all, only the caller’s own', async () => {
    const inbox = ok(await gql<any>(app, INBOX, {}, as('admin'))).viewer;
    const [newest] = inbox.notifications.edges.map((e: any) => e.node.id);
    // Someone else's id changes nothing.
    expect(ok(await gql<any>(app, 'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }', { ids: [newest] }, as('member'))).markNotificationsRead).toBe(0);
    expect(ok(await gql<any>(app, 'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }', { ids: [newest] }, as('admin'))).markNotificationsRead).toBe(1);
    expect(ok(await gql<any>(app, INBOX, {}, as('admin'))).viewer.unreadNotificationCount).toBe(1);
    expect(ok(await gql<any>(app, 'mutation { markNotificationsRead(all: true) }', {}, as('admin'))).markNotificationsRead).toBe(1);
    expect(ok(await gql<any>(app, INBOX, {}, as('admin'))).viewer.unreadNotificationCount).toBe(0);
    expect((await gql(app, 'mutation { markNotificationsRead }', {}, as('admin'))).code).toBe('BAD_USER_INPUT');
  });

  it('mentions of people outside the team mention nobody', async () => {
    const { user: outsider } = await createUserFixture();
    const body = `@${outsider.email} and @${world.otherOwner.email} and @nobody@nowhere.test, see this`;
    const comment = ok(await gql<any>(app, ADD, { input: { targetType: 'RUN', targetId: runId, body } }, as('member'))).addComment;
    expect(comment.mentions).toEqual([]);
    expect(comment.bodyHtml).not.toContain('mention');
    expect(comment.bodyHtml).toContain(`@${outsider.email}`);
    expect(await db.notification.count({ where: { userId: { in: [outsider.id, world.otherOwner.id] } } })).toBe(0);
  });

  it('lets authors edit (with an edited mark and new mentions notified once) and admins delete', async () => {
    const comment = ok(await gql<any>(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'first draft' } }, as('member'))).addComment;
    expect(comment.viewerCanEdit).toBe(true);
    const edit = `mutation($input: EditCommentInput!) { editComment(input: $input) { body editedAt mentions { email } } }`;
    expect((await gql(app, edit, { input: { id: comment.id, body: 'hijacked' } }, as('admin'))).code).toBe('FORBIDDEN');
    const edited = ok(await gql<any>(app, edit, { input: { id: comment.id, body: `second draft @${world.users.viewer.email}` } }, as('member'))).editComment;
    expect(edited.editedAt).not.toBeNull();
    expect(edited.mentions.map((m: any) => m.email)).toEqual([world.users.viewer.email]);
    ok(await gql<any>(app, edit, { input: { id: comment.id, body: `third draft @${world.users.viewer.email}` } }, as('member')));
    expect(await db.notification.count({ where: { commentId: comment.id, userId: world.users.viewer.id } })).toBe(1);

    // A member cannot delete someone else's comment; an admin can; the author can delete their own.
    const del = `mutation($id: ID!) { deleteComment(id: $id) { id deletedAt body bodyHtml } }`;
    expect((await gql(app, del, { id: comment.id }, as('viewer'))).code).toBe('FORBIDDEN');
    const deleted = ok(await gql<any>(app, del, { id: comment.id }, as('admin'))).deleteComment;
    expect(deleted).toMatchObject({ body: null, bodyHtml: null });
    expect(await db.notification.count({ where: { commentId: comment.id } })).toBe(0);
    expect((await gql(app, edit, { input: { id: comment.id, body: 'back' } }, as('member'))).code).toBe('NOT_FOUND');
  });

  it('keeps a deleted first comment as a placeholder while its thread has replies, and drops it otherwise', async () => {
    const first = ok(await gql<any>(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'to be deleted' } }, as('member'))).addComment;
    ok(await gql<any>(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'a reply', parentId: first.id } }, as('admin')));
    const lonely = ok(await gql<any>(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'alone' } }, as('member'))).addComment;
    for (const id of [first.id, lonely.id]) ok(await gql<any>(app, `mutation($id: ID!) { deleteComment(id: $id) { id } }`, { id }, as('member')));
    const threads = ok(await gql<any>(app, THREADS, { id: runId }, as('member'))).run.comments;
    const placeholder = threads.find((t: any) => t.comment.id === first.id);
    expect(placeholder.comment).toMatchObject({ body: null });
    expect(placeholder.comment.deletedAt).not.toBeNull();
    expect(placeholder.replies.map((r: any) => r.body)).toEqual(['a reply']);
    expect(threads.find((t: any) => t.comment.id === lonely.id)).toBeUndefined();
    // Replying to a deleted comment is refused with a clear error.
    expect((await gql(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'x', parentId: first.id } }, as('member'))).code).toBe('BAD_USER_INPUT');
  });

  it('renders Markdown safely and refuses empty or oversized bodies without writing anything', async () => {
    const before = await db.comment.count();
    const xss = ok(
      await gql<any>(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: '<img src=x onerror=alert(1)> [x](javascript:alert(1)) ![t](https://evil.example/t.png)' } }, as('member')),
    ).addComment;
    expect(xss.bodyHtml).not.toMatch(/<img|href="javascript|onerror="/);
    for (const body of ['', '   ', 'x'.repeat(10_001)]) {
      expect((await gql(app, ADD, { input: { targetType: 'RUN', targetId: runId, body } }, as('member'))).code).toBe('BAD_USER_INPUT');
    }
    expect((await gql(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'x', parentId: 'nope' } }, as('member'))).code).toBe('BAD_USER_INPUT');
    expect(await db.comment.count()).toBe(before + 1);
  });

  it('lets viewers read but not write, and hides the thread from other teams', async () => {
    expect((await gql(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'hi' } }, as('viewer'))).code).toBe('FORBIDDEN');
    expect((await gql(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'hi' } }, { token: world.tokens.read })).code).toBe('FORBIDDEN');
    ok(await gql(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'from CI' } }, { token: world.tokens.write }));
    const stranger: Credentials = { cookie: world.otherOwnerCookie };
    expect((await gql(app, `query($id: ID!) { comments(targetType: RUN, targetId: $id) { comment { id } } }`, { id: runId }, stranger)).code).toBe('NOT_FOUND');
    expect((await gql(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'hi' } }, stranger)).code).toBe('NOT_FOUND');
    expect((await gql(app, ADD, { input: { targetType: 'RUN', targetId: runId, body: 'hi' } }, null)).code).toBe('UNAUTHENTICATED');
  });
});

describe("the run's note", () => {
  it('is the mlflow.note.content tag, edited through GraphQL and rendered like comments', async () => {
    const set = `mutation($id: ID!, $note: String!) { setRunNote(runId: $id, note: $note) { note tags { key value } } }`;
    const result = ok(await gql<any>(app, set, { id: runId, note: '## Why\nBaseline for **lr** sweep' }, as('member'))).setRunNote;
    expect(result.note).toBe('## Why\nBaseline for **lr** sweep');
    expect(result.tags).toContainEqual({ key: 'mlflow.note.content', value: '## Why\nBaseline for **lr** sweep' });
    expect((await gql(app, set, { id: runId, note: 'nope' }, as('viewer'))).code).toBe('FORBIDDEN');
    const cleared = ok(await gql<any>(app, set, { id: runId, note: '' }, as('member'))).setRunNote;
    expect(cleared.note).toBeNull();
    expect(cleared.tags.map((t: any) => t.key)).not.toContain('mlflow.note.content');
    ok(await gql<any>(app, set, { id: runId, note: '' }, as('member'))); // clearing twice is fine
  });
});

describe('comment counts in the runs table', () => {
  it('come with the project’s runs page', async () => {
    const owner = await principalFor(world.users.owner.id);
    const quiet = await createRun(owner, { projectId: BigInt(projectId), runName: 'quiet' });
    const page = ok(await gql<any>(app, `query($id: ID!) { project(id: $id) { runs { edges { node { id commentCount } } } } }`, { id: projectId }, as('viewer')));
    const counts = Object.fromEntries(page.project.runs.edges.map((e: any) => [e.node.id, e.node.commentCount]));
    expect(counts[quiet.id]).toBe(0);
    expect(counts[runId]).toBe(await db.comment.count({ where: { targetId: runId, deletedAt: null } }));
    expect(sessionCookieFor).toBeTruthy();
  });
});
