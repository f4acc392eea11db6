// The lineage traversal: ONE SQL statement, whatever the number of nodes it reaches and of
// start nodes it is given. A breadth-first walk as a recursive CTE whose working row carries
// the frontier and the visited set as arrays: each step follows the frontier's edges through
// an index (index-only: lineage_edges' unique index downstream, its mirror upstream), keeps
// the nodes not visited yet (hash anti-join), and records the edges it crossed. So every node
// is expanded once (safe on cycles, no path explosion on diamonds) and nodes come out nearest
// first. Caps: `maxDepth` steps, at most `stepEdgeCap` edges per step, no step once
// `nodeCap` nodes are visited; `capped` says a cap stopped the walk early. Upstream and
// downstream are two walks (ancestors and descendants; never sideways). Several start nodes
// walk independently, each in its own LATERAL subquery of the same statement.
import type { SqlClient } from '../db/sql.ts';

export type WalkDirection = 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';

export type WalkOptions = { direction: WalkDirection; maxDepth: number; nodeCap: number; stepEdgeCap: number };

export type Hop = { from: string; to: string; kind: string };

export type Walk = {
  start: string;
  /** Reached nodes in walk order (start first), each with its distance and side. */
  nodes: { key: string; depth: number; direction: 'START' | 'UPSTREAM' | 'DOWNSTREAM' }[];
  /** Every edge the walk crossed (including those into nodes already visited). */
  hops: Hop[];
  capped: boolean;
};

const step = (side: 'down' | 'up') => {
  const [near, far] = side === 'down' ? ['from_node', 'to_node'] : ['to_node', 'from_node'];
  return `
  ${side}(depth, frontier, visited, hops, capped) AS (
    SELECT 0, ARRAY[s.start], ARRAY[s.start], ARRAY[]::text[], false WHERE $${side === 'down' ? 4 : 5}::bool
    UNION ALL
    SELECT w.depth + 1, x.fresh, w.visited || x.fresh, x.hops, x.capped
      FROM ${side} w
      CROSS JOIN LATERAL (
        WITH h AS MATERIALIZED (
          SELECT e.from_node, e.to_node, e.kind, e.${far} AS next
            FROM unnest(w.frontier) f(node)
            JOIN lineage_edges e ON e.team_id = $2 AND e.${near} = f.node
           LIMIT $7)
        SELECT (SELECT coalesce(array_agg(n.next), '{}')
                  FROM (SELECT h.next FROM h GROUP BY h.next) n
                  LEFT JOIN unnest(w.visited) v(node) ON v.node = n.next
                 WHERE v.node IS NULL) AS fresh,
               (SELECT coalesce(array_agg(h.from_node || ' ' || h.kind::text || ' ' || h.to_node), '{}') FROM h) AS hops,
               (SELECT count(*) >= $7 FROM h) AS capped
      ) x
     WHERE w.depth < $3 AND cardinality(w.frontier) > 0 AND NOT w.capped AND cardinality(w.visited) <= $6
  )`;
};

// $1 starts, $2 team, $3 max depth, $4 downstream?, $5 upstream?, $6 node cap, $7 edge cap per step.
export const WALK_SQL = `
SELECT s.start, json_build_object('depths', r.depths, 'sides', r.sides, 'sizes', r.sizes, 'nodes', r.nodes, 'hops', r.hops, 'capped', r.capped) AS walk
  FROM unnest($1::text[]) AS s(start)
  CROSS JOIN LATERAL (
    WITH RECURSIVE ${step('down')}, ${step('up')},
    -- One row per step and side; the caller orders nodes by depth (steps come out in order).
    steps AS (
      SELECT d.depth, 'D' AS side, d.frontier FROM down d WHERE d.depth > 0
      UNION ALL
      SELECT u.depth, 'U', u.frontier FROM up u WHERE u.depth > 0
    )
    SELECT (SELECT array_agg(depth) FROM steps) AS depths,
           (SELECT array_agg(side) FROM steps) AS sides,
           (SELECT array_agg(cardinality(frontier)) FROM steps) AS sizes,
           (SELECT coalesce(array_agg(node), '{}') FROM (SELECT unnest(frontier) AS node FROM steps) n) AS nodes,
           (SELECT coalesce(array_agg(hop), '{}') FROM (SELECT unnest(hops) AS hop FROM down UNION ALL SELECT unnest(hops) FROM up) all_hops) AS hops,
           (SELECT coalesce(bool_or(capped), false) FROM (SELECT capped FROM down UNION ALL SELECT capped FROM up) caps) AS capped
  ) r`;

/** Walks from each of `starts` (global ids of nodes of `teamId`) in one statement. */
export async function walkLineage(client: SqlClient, teamId: string, starts: readonly string[], options: WalkOptions): Promise<Walk[]> {
  if (starts.length === 0) return [];
  // Unnamed on purpose: a named statement switches to a generic plan after five runs, and
  // the generic plan of this query is a hundred times slower than the custom ones.
  // One JSON value per start: JSON.parse is native, pg's text-array parsing is not (it cost
  // more than the walk itself for 10,000 nodes).
  const { rows: results } = await client.query<{ start: string; walk: { depths: number[] | null; sides: string[] | null; sizes: number[] | null; nodes: string[]; hops: string[]; capped: boolean } }>({
    text: WALK_SQL,
    values: [
      starts,
      teamId,
      options.maxDepth,
      options.direction !== 'UPSTREAM',
      options.direction !== 'DOWNSTREAM',
      options.nodeCap,
      options.stepEdgeCap,
    ],
  });
  return results.map(({ start, walk: row }) => {
    // Steps by depth, downstream before upstream at equal depth; nodes nearest first.
    const steps = (row.depths ?? []).map((depth, i) => ({ depth, side: row.sides![i], size: row.sizes![i], offset: 0 }));
    let offset = 0;
    for (const s of steps) {
      s.offset = offset;
      offset += s.size;
    }
    steps.sort((a, b) => a.depth - b.depth || a.side.localeCompare(b.side));
    const nodes: Walk['nodes'] = [{ key: start, depth: 0, direction: 'START' }];
    const seen = new Set([start]);
    for (const s of steps) {
      const direction = s.side === 'D' ? 'DOWNSTREAM' : 'UPSTREAM';
      for (let i = s.offset; i < s.offset + s.size; i++) {
        const key = row.nodes[i];
        if (seen.has(key)) continue;
        seen.add(key);
        nodes.push({ key, depth: s.depth, direction });
      }
    }
    const hopKeys = new Set<string>();
    const hops: Hop[] = [];
    for (const text of row.hops) {
      if (hopKeys.has(text)) continue;
      hopKeys.add(text);
      const [from, kind, to] = text.split(' ');
      hops.push({ from, kind, to });
    }
    return { start: start, nodes, hops, capped: row.capped };
  });
}
