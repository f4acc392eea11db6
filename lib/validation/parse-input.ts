// The one way a use case turns a zod failure into BAD_USER_INPUT. A message the schema wrote
// for people ("Password must be at least 10 characters") is shown as written; zod's own
// generic wording ("Invalid input: expected string, received number") gets the field's name
// in front, since it would not say which field it means. The field also goes to
// details.field, for clients that point at the input (GraphQL extensions.details).
import type { z } from 'zod';
import { badInput } from '../errors.ts';

const fieldOf = (path: readonly PropertyKey[] | undefined) => (path ?? []).map(String).join('.');

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  // zod calls a per-parse error map only for issues whose schema set no message of its own.
  const generic = new Set<string>();
  const result = schema.safeParse(input, {
    error: (issue) => {
      generic.add(`${issue.code}@${fieldOf(issue.path)}`);
      return undefined;
    },
  });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = fieldOf(issue?.path);
  const message = issue?.message ?? 'Invalid input';
  throw badInput(field && generic.has(`${issue.code}@${field}`) ? `Invalid value for '${field}': ${message}` : message, field ? { field } : undefined);
}
