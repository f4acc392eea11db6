// zod pieces shared by the team use cases. Roles come as OWNER/ADMIN/MEMBER/VIEWER from
// GraphQL and as owner/admin/... from the CLI; both mean the same.
import { z } from 'zod';

export const TEAM_ROLES = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'] as const;

export const teamRoleSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toUpperCase() : value),
  z.enum(TEAM_ROLES, { message: 'Unknown role: use owner, admin, member or viewer' }),
);

export const idSchema = (what: string) => z.string({ message: `${what} is required` }).trim().min(1, `${what} is required`).max(100);

export const teamIdSchema = idSchema('teamId');

export const teamNameSchema = z
  .string({ message: 'Team name is required' })
  .trim()
  .min(1, 'Team name is required')
  .max(100, 'Team name must be at most 100 characters');

export const SLUG_MIN = 2;
export const SLUG_MAX = 48;
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export const teamSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(SLUG_MIN, `A team slug has at least ${SLUG_MIN} characters`)
  .max(SLUG_MAX, `A team slug has at most ${SLUG_MAX} characters`)
  .regex(SLUG_PATTERN, 'A team slug uses a-z, 0-9 and inner dashes only');

export const emailInputSchema = z
  .string({ message: 'Email is required' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address' }).max(320, 'Email is too long'));
