// Relay-style connections with opaque cursors. A cursor wraps whatever position the use
// case pages by (an id, a search page token) in base64url, so clients never build or
// parse one and the position format can change without breaking them.
import { badInput } from '../lib/errors.ts';

const PREFIX = 'cairn:';

export function encodeCursor(position: string): string {
  return Buffer.from(PREFIX + position, 'utf8').toString('base64url');
}

/** The position inside a cursor; BAD_USER_INPUT for anything this API did not hand out. */
export function decodeCursor(cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const text = /^[A-Za-z0-9_-]+={0,2}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith(PREFIX)) throw badInput(`Invalid cursor '${cursor.slice(0, 100)}'`, { argument: 'after' });
  return text.slice(PREFIX.length);
}

export type Connection<T> = {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

/**
 * A connection from one page of nodes. `positionOf` gives each node's own position (what
 * `after` resumes from); `nextPosition`, when the use case hands out its own token for the
 * next page, is used as the last cursor instead.
 */
export function toConnection<T>(
  nodes: readonly T[],
  hasNextPage: boolean,
  positionOf: (node: T, index: number) => string,
  nextPosition?: string | null,
): Connection<T> {
  const edges = nodes.map((node, index) => ({ cursor: encodeCursor(positionOf(node, index)), node }));
  if (nextPosition && edges.length > 0) edges[edges.length - 1].cursor = encodeCursor(nextPosition);
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
  };
}

/** `first` as the API accepts it: 1..max, default when left out. */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badInput(`'first' must be between 1 and ${max}`, { argument: 'first' });
  }
  return first;
}
