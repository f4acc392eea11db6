// Slows password guessing: after too many failed sign-ins for one account within a window,
// password sign-in for that account is refused until the window passes. Attempts are audit
// events (user.sign_in_failed / user.signed_in), so the limit holds across restarts and
// instances, and admins can see the attempts, with the address they came from.
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { anonymous } from '../authz/index.ts';
import { db } from '../db/client.ts';

const WINDOW_MS = 15 * 60_000;
const maxFailures = () => Number(process.env.CAIRN_SIGNIN_MAX_FAILURES ?? 10);

export class SignInLockedError extends Error {
  constructor() {
    super('Too many failed sign-in attempts for this account; try again in 15 minutes');
    this.name = 'SignInLockedError';
  }
}

/** Failures since the window opened or the last successful sign-in, whichever is later. */
async function recentFailures(userId: string): Promise<number> {
  const lastSuccess = await db.auditEvent.findFirst({
    where: { actorId: userId, action: 'user.signed_in' },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  const windowStart = new Date(Date.now() - WINDOW_MS);
  const since = lastSuccess && lastSuccess.createdAt > windowStart ? lastSuccess.createdAt : windowStart;
  return db.auditEvent.count({ where: { actorId: userId, action: 'user.sign_in_failed', createdAt: { gt: since } } });
}

export async function assertSignInAllowed(userId: string): Promise<void> {
  if ((await recentFailures(userId)) >= maxFailures()) throw new SignInLockedError();
}

export type SignInAttempt = {
  /** The account tried (the actor), or null when no account has the email. */
  userId: string | null;
  /** The account tried, when it must not count as the actor (attempts on a locked account). */
  targetUserId?: string;
  email: string;
  succeeded: boolean;
  clientAddress?: string | null;
  /** Why it failed, when it did: 'password', 'locked', 'unknown-email', 'no-password'. */
  reason?: string;
  provider?: string;
};

export async function recordSignInAttempt(attempt: SignInAttempt): Promise<void> {
  await recordAuditEvent(db, {
    principal: anonymous,
    actor: { userId: attempt.userId, email: attempt.email.slice(0, 320) },
    action: attempt.succeeded ? 'user.signed_in' : 'user.sign_in_failed',
    ...(attempt.userId || attempt.targetUserId ? { targetType: 'User', targetId: (attempt.userId ?? attempt.targetUserId)! } : {}),
    metadata: { provider: attempt.provider ?? 'credentials', reason: attempt.reason },
    ip: attempt.clientAddress ?? null,
  });
}
