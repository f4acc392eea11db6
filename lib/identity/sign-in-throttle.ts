// Slows password guessing: after too many failed sign-ins for one account within a window,
// password sign-in for that account is refused until the window passes. Attempts are audit
// events (user.sign_in_failed / user.signed_in), so the limit holds across restarts and
// instances, and admins can see the attempts.
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

export async function recordSignInAttempt(userId: string, succeeded: boolean): Promise<void> {
  await db.auditEvent.create({ data: { actorId: userId, action: succeeded ? 'user.signed_in' : 'user.sign_in_failed' } });
}
