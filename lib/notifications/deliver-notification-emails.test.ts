// Notification emails against a real SMTP server this test starts (smtp-server, the SMTP
// library nodemailer's authors maintain), parsed back with mailparser: who gets what, the
// link into Cairn, the sanitized comment, approval requests and their outcome, retries when
// the server is down, and nothing at all when SMTP is not configured.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addComment } from '../comments/add-comment.ts';
import { db } from '../db/client.ts';
import { createProject } from '../tracking/projects/create-project.ts';
import { createRun } from '../tracking/runs/create-run.ts';
import { rejectTransitionRequest } from '../registry/reject-transition-request.ts';
import { requestModelTransition } from '../registry/request-model-transition.ts';
import { modelWithVersions } from '../../tests/helpers/registry-fixtures.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { principalFor, teamWorld, type TeamWorld } from '../../tests/helpers/fixtures.ts';
import { deliverNotificationEmails, notificationEmailsSettled } from './deliver-notification-emails.ts';

setupTestDatabase();

const received: ParsedMail[] = [];
let smtp: SMTPServer;
let port = 0;

function startCatcher(listenPort = 0): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  return new Promise((resolve) => smtp.listen(listenPort, '127.0.0.1', () => resolve((smtp.server.address() as AddressInfo).port)));
}
const stopCatcher = () => new Promise<void>((resolve) => smtp.close(() => resolve()));

async function until<T>(check: () => T | undefined | null | false, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await notificationEmailsSettled();
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let world: TeamWorld;
let runId: string;

beforeAll(async () => {
  port = await startCatcher();
  world = await teamWorld();
  const owner = await principalFor(world.users.owner.id);
  const project = await createProject(owner, { teamId: world.team.id, name: 'mailed' });
  runId = (await createRun(owner, { projectId: project.id, runName: 'emailed-run' })).id;
});
afterAll(stopCatcher);
afterEach(() => {
  delete process.env.CAIRN_SMTP_URL;
  delete process.env.CAIRN_MAIL_FROM;
  delete process.env.CAIRN_PUBLIC_URL;
  received.length = 0;
});

const configure = () => {
  process.env.CAIRN_SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.CAIRN_MAIL_FROM = 'Cairn <cairn@example.test>';
  process.env.CAIRN_PUBLIC_URL = 'https://cairn.example.test/';
};

describe('notification emails', () => {
  it('go to the people the inbox notifies, with the sanitized comment and a link to it', async () => {
    configure();
    const member = await principalFor(world.users.member.id);
    const comment = await addComment(member, {
      targetType: 'RUN',
      targetId: runId,
      body: `@${world.users.admin.email} the **val loss** spikes <script>alert(1)</script>`,
    });
    // The admin is mentioned; the owner (the run's author) hears of a comment on their run.
    const mails = await until(() => received.length === 2 && received, 'two emails');
    const byRecipient = new Map(mails.map((mail) => [(mail.to as { text: string }).text, mail]));
    const mention = byRecipient.get(world.users.admin.email)!;
    expect(mention.subject).toBe(`[Cairn] member mentioned you on run emailed-run`);
    expect(mention.from?.text).toBe('"Cairn" <cairn@example.test>');
    const link = `https://cairn.example.test/t/${world.team.slug}/runs/${runId}#comment-${comment.id}`;
    expect(mention.text).toContain(link);
    expect(mention.html).toContain(`href="${link}"`);
    expect(mention.html).toContain('<strong>val loss</strong>');
    expect(mention.html).toContain('class="mention"');
    expect(mention.html).not.toContain('<script>');
    expect(byRecipient.get(world.users.owner.email)!.subject).toBe('[Cairn] member commented on your run emailed-run');
    expect(await db.notification.findMany({ where: { commentId: comment.id }, select: { emailState: true } })).toEqual([
      { emailState: 'SENT' },
      { emailState: 'SENT' },
    ]);
  });

  it("go to a request's approvers, and its outcome to the requester, with the reason and a link to the requests", async () => {
    configure();
    const member = await principalFor(world.users.member.id);
    const { model, versions } = await modelWithVersions(member, world.team.id, 1, 'fraud');
    const request = await requestModelTransition(member, { modelId: model.id, move: 'STAGE', versionId: versions[0].id, stage: 'Staging', comment: 'passes the <b>backtest</b>' });
    // The team's admin and owner may decide it.
    const asked = await until(() => received.length === 2 && [...received], 'two approval emails');
    expect(asked.map((mail) => (mail.to as { text: string }).text).sort()).toEqual([world.users.admin.email, world.users.owner.email].sort());
    const [mail] = asked;
    expect(mail.subject).toBe('[Cairn] member asks for your approval to move fraud v1 to Staging');
    expect(mail.text).toContain('passes the <b>backtest</b>');
    expect(mail.html).toContain('passes the &lt;b&gt;backtest&lt;/b&gt;');
    expect(mail.html).toContain(`href="https://cairn.example.test/t/${world.team.slug}/models/${model.id}#requests"`);
    received.length = 0;

    await rejectTransitionRequest(await principalFor(world.users.admin.id), { requestId: request.id, comment: 'needs a fairness review' });
    const [outcome] = await until(() => received.length === 1 && received, 'the outcome email');
    expect((outcome.to as { text: string }).text).toBe(world.users.member.email);
    expect(outcome.subject).toBe('[Cairn] admin rejected your request to move fraud v1 to Staging');
    expect(outcome.text).toContain('needs a fairness review');
  });

  it('stay pending while the SMTP server is down and go out once it is back, exactly once', async () => {
    configure();
    await stopCatcher();
    const member = await principalFor(world.users.member.id);
    const comment = await addComment(member, { targetType: 'RUN', targetId: runId, body: 'while the mail server is down' });
    await until(async () => true, 'the failed attempt');
    const pending = await db.notification.findFirstOrThrow({ where: { commentId: comment.id } });
    expect(pending).toMatchObject({ emailState: 'PENDING', emailAttempts: 1 });
    expect(received).toHaveLength(0);

    await startCatcher(port);
    expect(await deliverNotificationEmails()).toBe(1);
    expect(await deliverNotificationEmails()).toBe(0);
    expect(received).toHaveLength(1);
    expect(await db.notification.findFirstOrThrow({ where: { commentId: comment.id } })).toMatchObject({ emailState: 'SENT', emailAttempts: 2 });
  });

  it('are not queued or sent when SMTP is not configured', async () => {
    const member = await principalFor(world.users.member.id);
    const comment = await addComment(member, { targetType: 'RUN', targetId: runId, body: `@${world.users.admin.email} no mail` });
    expect(await deliverNotificationEmails()).toBe(0);
    expect(await db.notification.findMany({ where: { commentId: comment.id }, select: { emailState: true } })).toEqual([
      { emailState: null },
      { emailState: null },
    ]);
    expect(received).toHaveLength(0);
  });
});
