// Garbage collection settings, from the environment:
//   CAIRN_GC_GRACE_DAYS (default 30): deleted runs and projects can be restored for this long;
//     after it gc removes them for good (metadata and artifact bytes), and the artifact bytes
//     of a deleted team are removed this long after the team.
//   CAIRN_GC_INTERVAL_MINUTES (default 60, 0 = never): how often the server runs gc.
// Temporary files of interrupted uploads are swept once they are a day old.

export const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;

function wholeNumber(name: string, fallback: number, max: number, env: Readonly<Record<string, string | undefined>>): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new Error(`${name} must be a whole number from 0 to ${max}, got '${raw}'`);
  return value;
}

export function gcGraceDays(env: Readonly<Record<string, string | undefined>> = process.env): number {
  return wholeNumber('CAIRN_GC_GRACE_DAYS', 30, 3650, env);
}

export function gcIntervalMinutes(env: Readonly<Record<string, string | undefined>> = process.env): number {
  return wholeNumber('CAIRN_GC_INTERVAL_MINUTES', 60, 7 * 24 * 60, env);
}

export const DAY_MS = 86_400_000;
