import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { AppError, alreadyExists, badInput, notFound } from '../lib/errors.ts';
import { formatError, toRequestGraphQLError } from './errors.ts';

const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['field'] });
const format = (error: unknown, logger = { error: vi.fn() }) => {
  const formatted = error instanceof GraphQLError ? error.toJSON() : { message: String(error) };
  return { result: formatError(formatted, error, logger), logger };
};

describe('formatError', () => {
  it('keeps an AppError code and message', () => {
    const { result } = format(wrap(notFound('Team', 'x')));
    expect(result).toMatchObject({ message: "Team 'x' not found", path: ['field'], extensions: { code: 'NOT_FOUND' } });
  });

  it('reports ALREADY_EXISTS as BAD_USER_INPUT with a reason, and passes details', () => {
    expect(format(wrap(alreadyExists('Experiment(name=a) already exists'))).result.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'ALREADY_EXISTS',
    });
    expect(format(wrap(badInput('bad', { field: 'name' }))).result.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      details: { field: 'name' },
    });
  });

  it('finds the AppError behind Apollo re-wrapping ("Context creation failed")', () => {
    const inner = toRequestGraphQLError(new AppError('UNAUTHENTICATED', 'Invalid token'));
    const outer = new GraphQLError(`Context creation failed: ${inner.message}`, { originalError: inner });
    expect(format(outer).result).toMatchObject({ message: 'Invalid token', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('masks unknown errors and logs them', () => {
    const { result, logger } = format(wrap(new Error('relation "secret_table" does not exist')));
    expect(result).toEqual({ message: 'Internal error', path: ['field'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logger.error).toHaveBeenCalledOnce();
  });

  it('masks errors with a code it does not know and AppError INTERNAL', () => {
    expect(format(new GraphQLError('Cannot return null for non-nullable field', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })).result.message).toBe('Internal error');
    expect(format(wrap(new AppError('INTERNAL', 'db exploded'))).result.message).toBe('Internal error');
  });

  it('passes protocol errors through without stack traces', () => {
    const error = new GraphQLError('Syntax Error: Unexpected <EOF>.', { extensions: { code: 'GRAPHQL_PARSE_FAILED', stacktrace: ['x'] } });
    expect(format(error).result).toEqual({ message: 'Syntax Error: Unexpected <EOF>.', locations: undefined, path: undefined, extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  });
});
