import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseInput } from './parse-input.ts';

const schema = z.object({
  password: z.string().min(10, 'Password must be at least 10 characters'),
  tags: z.array(z.object({ key: z.string() })).default([]),
  count: z.number().int().default(1),
});

function failureOf(input: unknown) {
  try {
    parseInput(schema, input);
  } catch (error) {
    return error;
  }
  throw new Error('expected parseInput to throw');
}

describe('parseInput', () => {
  it('returns the parsed output, defaults applied', () => {
    expect(parseInput(schema, { password: 'long enough!' })).toEqual({ password: 'long enough!', tags: [], count: 1 });
  });

  it("shows a schema's own message as written, with the field in details", () => {
    expect(failureOf({ password: 'short' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'Password must be at least 10 characters',
      details: { field: 'password' },
    });
  });

  it("names the field in front of zod's generic wording, nested paths included", () => {
    expect(failureOf({ password: 'long enough!', count: 'many' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: "Invalid value for 'count': Invalid input: expected number, received string",
      details: { field: 'count' },
    });
    expect(failureOf({ password: 'long enough!', tags: [{ key: 7 }] })).toMatchObject({
      message: "Invalid value for 'tags.0.key': Invalid input: expected string, received number",
      details: { field: 'tags.0.key' },
    });
  });

  it('answers a wrong top-level value without a field', () => {
    const error = failureOf(null) as { code: string; message: string; details?: unknown };
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: 'Invalid input: expected object, received null' });
    expect(error.details).toBeUndefined();
  });
});
