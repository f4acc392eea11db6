// The traversal: one SQL statement whatever it reaches; each node once (cycles, diamonds);
// nearest first with its depth and side; caps; never another team's edges.
import { beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../db/client.ts';
import { query } from '../db/sql.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { countQueries } from '../../tests/helpers/count-queries.ts';
import { createTeamFixture } from '../../tests/helpers/fixtures.ts';
import { walkLineage } from './walk-lineage.ts';

setupTestDatabase();
let team: string;
let other: string;

async function edges(teamId: string, list: [string, string][]) {
  await query(
    `INSERT INTO lineage_edges (team_id, from_node, to_node, kind, origin) SELECT $1, f, t, 'INPUT', 'MLFLOW' FROM unnest($2::text[], $3::text[]) AS e(f, t)`,
    [teamId, list.map((e) => e[0]), list.map((e) => e[1])],
  );
}

beforeAll(async () => {
  team = (await createTeamFixture()).id;
  other = (await createTeamFixture()).id;
  // a -> b -> d, a -> c -> d (a diamond), d -> e -> a (a cycle back), d -> f; x -> a upstream.
  await edges(team, [['n:a', 'n:b'], ['n:a', 'n:c'], ['n:b', 'n:d'], ['n:c', 'n:d'], ['n:d', 'n:e'], ['n:e', 'n:a'], ['n:d', 'n:f'], ['n:x', 'n:a']]);
  // The other team has edges from the same node names: never followed.
  await edges(other, [['n:a', 'n:secret'], ['n:secret2', 'n:a']]);
});

/** Pairs of [key, depth] sorted by depth then key. */
const byDepth = (pairs: [string, number][]) => [...pairs].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));

const walk = (start: string, direction: 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH', maxDepth = 10, nodeCap = 100, stepEdgeCap = 100) =>
  walkLineage(pool(), team, [start], { direction, maxDepth, nodeCap, stepEdgeCap }).then((w) => w[0]);

describe('walkLineage', () => {
  it('visits each node once, nearest first, through diamonds and cycles', async () => {
    const down = await walk('n:a', 'DOWNSTREAM');
    // Nodes come out by depth; within one depth in no particular order.
    expect(byDepth(down.nodes.map((n) => [n.key, n.depth]))).toEqual([
      ['n:a', 0],
      ['n:b', 1],
      ['n:c', 1],
      ['n:d', 2],
      ['n:e', 3],
      ['n:f', 3],
    ]);
    // Every edge crossed, including the diamond's second edge into d and the cycle's edge back to a.
    expect(down.hops.length).toBe(7);
    expect(down.hops).toContainEqual({ from: 'n:e', kind: 'INPUT', to: 'n:a' });
    expect(down.capped).toBe(false);
  });

  it('keeps to the direction and depth asked', async () => {
    expect((await walk('n:d', 'UPSTREAM', 1)).nodes.map((n) => n.key).sort()).toEqual(['n:b', 'n:c', 'n:d']);
    const both = await walk('n:d', 'BOTH', 1);
    expect(both.nodes.map((n) => `${n.key}:${n.direction}`).sort()).toEqual(['n:b:UPSTREAM', 'n:c:UPSTREAM', 'n:d:START', 'n:e:DOWNSTREAM', 'n:f:DOWNSTREAM']);
    expect(both.nodes[0].direction).toBe('START');
    expect((await walk('n:a', 'DOWNSTREAM', 0)).nodes.map((n) => n.key)).toEqual(['n:a']);
  });

  it("never follows another team's edges", async () => {
    const all = await walk('n:a', 'BOTH');
    expect(all.nodes.map((n) => n.key)).not.toContain('n:secret');
    expect(all.nodes.map((n) => n.key)).not.toContain('n:secret2');
  });

  it('says when a cap stopped it', async () => {
    expect((await walk('n:a', 'DOWNSTREAM', 10, 2)).capped || (await walk('n:a', 'DOWNSTREAM', 10, 2)).nodes.length > 2).toBe(true);
    expect((await walk('n:a', 'DOWNSTREAM', 10, 100, 2)).capped).toBe(true);
  });

  it('is one SQL statement, whatever it reaches and however many starts', async () => {
    await edges(team, Array.from({ length: 500 }, (_, i) => [`n:f`, `n:leaf${i}`] as [string, string]));
    expect(await countQueries(() => walk('n:a', 'BOTH'))).toBe(1);
    expect(await countQueries(() => walkLineage(pool(), team, ['n:a', 'n:d', 'n:x'], { direction: 'BOTH', maxDepth: 10, nodeCap: 1000, stepEdgeCap: 1000 }))).toBe(1);
    const many = await walkLineage(pool(), team, ['n:a', 'n:x'], { direction: 'DOWNSTREAM', maxDepth: 1, nodeCap: 1000, stepEdgeCap: 1000 });
    expect(many.map((w) => w.nodes.map((n) => n.key).sort())).toEqual([['n:a', 'n:b', 'n:c'], ['n:a', 'n:x']]);
  });
});
