import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.ts';
import { decodeCursor, encodeCursor, pageSize, toConnection } from './pagination.ts';

describe('cursors', () => {
  it('round-trip and are opaque', () => {
    const cursor = encodeCursor('12345');
    expect(cursor).not.toContain('12345');
    expect(decodeCursor(cursor)).toBe('12345');
    expect(decodeCursor(null)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it.each(['nope', '12345', Buffer.from('other:1').toString('base64url'), '%%%'])('refuses %s as BAD_USER_INPUT', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(AppError);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as AppError).code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('toConnection', () => {
  it('gives each edge its position and the last edge the next-page token when there is one', () => {
    const connection = toConnection([{ id: 1 }, { id: 2 }], true, (n) => String(n.id), 'token-2');
    expect(connection.edges.map((e) => decodeCursor(e.cursor))).toEqual(['1', 'token-2']);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: connection.edges[1].cursor });
  });

  it('has a null endCursor when empty', () => {
    expect(toConnection([], false, String)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});

describe('pageSize', () => {
  it('defaults, accepts the range and refuses the rest', () => {
    expect(pageSize(undefined, 50, 100)).toBe(50);
    expect(pageSize(100, 50, 100)).toBe(100);
    expect(() => pageSize(0, 50, 100)).toThrow(/between 1 and 100/);
    expect(() => pageSize(101, 50, 100)).toThrow(/between 1 and 100/);
  });
});
