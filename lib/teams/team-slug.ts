// Slugs derived from team names: "Vision & Speech (EU)" -> "vision-speech-eu". Accents are
// folded, anything else outside a-z0-9 becomes a dash. Names with nothing usable get "team".
import { randomBytes } from 'node:crypto';
import { SLUG_MAX, SLUG_MIN } from './team-input.ts';

const SUFFIX_LENGTH = 5;

export function slugFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, '');
  return slug.length >= SLUG_MIN ? slug : 'team';
}

/** `base` with a short random suffix, still within SLUG_MAX. */
export function withSuffix(base: string): string {
  const suffix = randomBytes(8).toString('hex').slice(0, SUFFIX_LENGTH);
  const head = base.slice(0, SLUG_MAX - SUFFIX_LENGTH - 1).replace(/-+$/, '');
  return `${head}-${suffix}`;
}
