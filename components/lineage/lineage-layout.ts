// Left-to-right layout of a lineage graph with dagre (the layered-graph layout React Flow's
// own examples use: synchronous, small, made for DAGs; elkjs would add a 1.4 MB worker for
// options this page does not need). Pure: nodes and edges in, positions out.
import dagre from '@dagrejs/dagre';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 64;

export function layoutLeftToRight(nodeIds: readonly string[], edges: readonly { from: string; to: string }[]): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 90, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of nodeIds) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) if (graph.hasNode(edge.from) && graph.hasNode(edge.to) && edge.from !== edge.to) graph.setEdge(edge.from, edge.to);
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const id of nodeIds) {
    const node = graph.node(id);
    positions.set(id, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 });
  }
  return positions;
}
