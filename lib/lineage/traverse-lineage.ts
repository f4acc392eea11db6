// GraphQL's `lineage` traversal: from any node the caller may read, upstream, downstream or
// both, to a depth, optionally keeping only some node kinds; the subgraph in one response,
// `truncated` when a cap cut it short. One SQL statement walks (walk-lineage.ts); nodes are
// then described with one query per kind. A share link reaches no lineage at all.
import { z } from 'zod';
import { authorizeRow, canReadRow, type Principal } from '../authz/index.ts';
import { pool } from '../db/client.ts';
import { parseInput } from '../validation/parse-input.ts';
import { describeNodes, type NodeInfo } from './describe-nodes.ts';
import { NODE_KINDS, NODE_NOUN, parseNodeKey, type NodeKind } from './node-key.ts';
import { walkLineage, type Hop, type WalkDirection } from './walk-lineage.ts';

export const MAX_DEPTH = 20;
export const MAX_NODES = 20_000;

export type LineageNodeView = NodeInfo & { depth: number; direction: 'START' | 'UPSTREAM' | 'DOWNSTREAM' };
export type LineageGraphView = {
  start: LineageNodeView;
  nodes: LineageNodeView[];
  edges: Hop[];
  truncated: boolean;
  direction: WalkDirection;
  depth: number;
};

const traverseInput = z.object({
  nodeId: z.string().min(1).max(300),
  direction: z.enum(['UPSTREAM', 'DOWNSTREAM', 'BOTH']).default('BOTH'),
  depth: z.number().int().min(0).max(MAX_DEPTH).default(3),
  kinds: z.array(z.enum(NODE_KINDS)).nullish(),
  limit: z.number().int().min(1).max(MAX_NODES).default(1000),
});

export type TraverseLineageInput = z.input<typeof traverseInput>;

/** A node the principal may read (missing and other teams' nodes are NOT_FOUND). */
export async function loadLineageNodeFor(principal: Principal, nodeId: string): Promise<NodeInfo> {
  const ref = parseNodeKey(nodeId);
  const info = (await describeNodes([nodeId])).get(nodeId);
  authorizeRow(principal, 'team:read', info?.teamId, NODE_NOUN[ref.kind], ref.id);
  // A share link reaches no lineage: 'Lineage' is not a kind of row it names (lib/authz/policy.ts).
  authorizeRow(principal, 'team:read', info!.teamId, 'Lineage', nodeId);
  return info!;
}

/** Whether the principal may see a node of the walk (a gone node was its team's: edges never cross teams). */
export function visibleNode(principal: Principal, teamId: string, node: NodeInfo): boolean {
  return canReadRow(principal, node.teamId ?? teamId, NODE_NOUN[node.kind], node.id);
}

export async function traverseLineage(principal: Principal, raw: TraverseLineageInput): Promise<LineageGraphView> {
  const input = parseInput(traverseInput, raw);
  const start = await loadLineageNodeFor(principal, input.nodeId);
  const teamId = start.teamId!;
  const [walk] = await walkLineage(pool(), teamId, [start.key], {
    direction: input.direction,
    maxDepth: input.depth,
    nodeCap: input.limit,
    stepEdgeCap: Math.max(1000, input.limit * 4),
  });
  const kept = walk.nodes.slice(0, input.limit);
  const described = await describeNodes(kept.map((n) => n.key));
  const kinds = input.kinds?.length ? new Set<NodeKind>(input.kinds) : null;
  const nodes: LineageNodeView[] = [];
  for (const node of kept) {
    const info = described.get(node.key);
    if (!info || !visibleNode(principal, teamId, info)) continue;
    if (kinds && node.direction !== 'START' && !kinds.has(info.kind)) continue;
    nodes.push({ ...info, depth: node.depth, direction: node.direction });
  }
  const keys = new Set(nodes.map((n) => n.key));
  return {
    start: nodes[0],
    nodes,
    edges: walk.hops.filter((hop) => keys.has(hop.from) && keys.has(hop.to)),
    truncated: walk.capped || walk.nodes.length > input.limit,
    direction: input.direction,
    depth: input.depth,
  };
}
