// The rate limit a use case applies itself (invitation redemption): counts one attempt and
// throws RATE_LIMITED (429 + Retry-After on every API) once the subject is over the limit.
import { rateLimited } from '../errors.ts';
import { consumeRateLimit } from './consume-rate-limit.ts';
import { rateLimitOf, type RateLimitBucket } from './rate-limits.ts';

export async function assertWithinRateLimit(bucket: RateLimitBucket, subject: string, what: string): Promise<void> {
  const rule = rateLimitOf(bucket);
  if (!rule) return;
  const verdict = await consumeRateLimit(rule, subject);
  if (!verdict.allowed) throw rateLimited(`Too many ${what}; try again in ${verdict.retryAfterSeconds} s`, verdict.retryAfterSeconds);
}
