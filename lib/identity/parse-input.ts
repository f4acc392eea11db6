// zod parsing for identity and token use cases: the first issue's own message becomes a
// BAD_USER_INPUT (the sign-up form shows it as is, e.g. "Password must be at least 10 characters").
import type { z } from 'zod';
import { badInput } from '../errors.ts';

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw badInput(issue?.message ?? 'Invalid input', { field: issue?.path.map(String).join('.') });
}
