// The email outbox: notifications created while SMTP is configured start PENDING and are sent
// from here, after the comment's (or request's) transaction committed (a rolled-back one mails nobody).
// Rows are claimed with FOR UPDATE SKIP LOCKED and kept locked while they are sent, so several
// Cairn instances share the work without sending one twice; a crash mid-send rolls back and the
// row goes out on the next pass. A failing address is tried MAX_ATTEMPTS times, then FAILED.
import { query, withTransaction } from '../db/sql.ts';
import { escapeHtml } from '../mail/escape-html.ts';
import { mailConfig } from '../mail/mail-config.ts';
import { sendMail } from '../mail/send-mail.ts';
import { db } from '../db/client.ts';
import { commentInclude, toCommentView } from '../comments/comment-view.ts';
import { describeNotification, notificationInclude, toNotificationViews } from './notification-view.ts';

const MAX_ATTEMPTS = 5;
const BATCH = 20;
/** How often pending emails are retried while the process runs. */
export const SWEEP_INTERVAL_MS = 60_000;

/** Sends one batch of pending notification emails; returns how many went out. */
export async function deliverNotificationEmails(): Promise<number> {
  const config = mailConfig();
  if (!config) return 0;
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ id: string; email: string; email_attempts: number }>(
      `SELECT n.id, u.email, n.email_attempts FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.email_state = 'PENDING' ORDER BY n.created_at LIMIT ${BATCH} FOR UPDATE OF n SKIP LOCKED`,
    );
    if (rows.length === 0) return 0;
    const found = await db.notification.findMany({ where: { id: { in: rows.map((r) => r.id) } }, include: notificationInclude });
    const views = new Map((await toNotificationViews(found)).map((view) => [view.id, view]));
    const comments = new Map(
      (await db.comment.findMany({ where: { id: { in: found.flatMap((n) => (n.commentId ? [n.commentId] : [])) } }, include: commentInclude })).map(
        (row) => [row.id, toCommentView(row)],
      ),
    );
    let sent = 0;
    for (const row of rows) {
      const view = views.get(row.id);
      let state: 'SENT' | 'FAILED' | 'PENDING' = 'SENT';
      if (view) {
        const subject = describeNotification(view);
        const link = `${config.publicUrl}${view.path}`;
        const comment = view.commentId ? comments.get(view.commentId) : undefined;
        try {
          await sendMail({
            to: row.email,
            subject: `[Cairn] ${subject}`,
            text: `${subject}:\n\n${comment?.body ?? view.excerpt ?? ''}\n\nOpen it in Cairn: ${link}\n`,
            html: `<p>${escapeHtml(subject)}:</p><blockquote>${comment?.bodyHtml ?? escapeHtml(view.excerpt ?? '')}</blockquote><p><a href="${escapeHtml(link)}">Open it in Cairn</a></p>`,
          });
          sent++;
        } catch (error) {
          console.warn(`[cairn] notification email not sent (attempt ${row.email_attempts + 1}): ${(error as Error).message}`);
          state = row.email_attempts + 1 >= MAX_ATTEMPTS ? 'FAILED' : 'PENDING';
        }
      }
      await client.query(`UPDATE notifications SET email_state = $2, email_attempts = email_attempts + 1 WHERE id = $1`, [row.id, state]);
    }
    return sent;
  });
}

const stateKey = Symbol.for('cairn.mail.outbox');
type OutboxState = { running: Promise<void> | null; again: boolean; sweep: NodeJS.Timeout | null };
const store = globalThis as unknown as { [stateKey]?: OutboxState };

/** Kick the outbox without waiting (after a commit); passes run one at a time per process. */
export function deliverNotificationEmailsSoon(): void {
  if (!mailConfig()) return;
  const state = (store[stateKey] ??= { running: null, again: false, sweep: null });
  if (!state.sweep) {
    state.sweep = setInterval(() => deliverNotificationEmailsSoon(), SWEEP_INTERVAL_MS);
    state.sweep.unref();
  }
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = (async () => {
    try {
      do {
        state.again = false;
        while ((await deliverNotificationEmails()) > 0);
      } while (state.again);
    } catch (error) {
      console.warn(`[cairn] notification emails: ${(error as Error).message}`);
    } finally {
      state.running = null;
    }
  })();
}

/** Resolves when the outbox pass in progress (if any) is done (tests). */
export async function notificationEmailsSettled(): Promise<void> {
  await store[stateKey]?.running;
}

/** Pending emails left from before a restart: start the retry sweep when any exist. */
export async function resumeNotificationEmails(): Promise<void> {
  if (!mailConfig()) return;
  const [pending] = await query<{ n: string }>(`SELECT count(*) AS n FROM notifications WHERE email_state = 'PENDING'`);
  if (Number(pending?.n ?? 0) > 0) deliverNotificationEmailsSoon();
}
