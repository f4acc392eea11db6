// What is rate-limited, by whom and how much (README "Security"): per client address, failed
// password sign-ins, sign-ups and invitation redemptions; per API token, every API request
// (off unless configured, so scripts and benches are never throttled by surprise). Windows are
// fixed minutes counted in PostgreSQL (consume-rate-limit.ts), shared by every process and
// instance on the database.

export type RateLimitBucket = 'sign-in-failure' | 'sign-up' | 'invitation' | 'token';

export type RateLimit = { bucket: RateLimitBucket; limit: number; windowSeconds: number };

const VARIABLES: Record<RateLimitBucket, { name: string; fallback: number }> = {
  'sign-in-failure': { name: 'CAIRN_RATE_LIMIT_SIGNIN_PER_MINUTE', fallback: 20 },
  'sign-up': { name: 'CAIRN_RATE_LIMIT_SIGNUP_PER_MINUTE', fallback: 30 },
  invitation: { name: 'CAIRN_RATE_LIMIT_INVITATION_PER_MINUTE', fallback: 20 },
  token: { name: 'CAIRN_RATE_LIMIT_TOKEN_PER_MINUTE', fallback: 0 },
};

/** The limit of a bucket from the environment; null when it is off (0). */
export function rateLimitOf(bucket: RateLimitBucket, env: Readonly<Record<string, string | undefined>> = process.env): RateLimit | null {
  const { name, fallback } = VARIABLES[bucket];
  const raw = env[name]?.trim();
  const limit = raw ? Number(raw) : fallback;
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`${name} must be a whole number of requests per minute (0: no limit), got '${raw}'`);
  return limit === 0 ? null : { bucket, limit, windowSeconds: 60 };
}
