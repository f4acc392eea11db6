'use client';
// The lineage page's graph: any node's upstream and downstream, laid out left to right
// (dagre) and drawn with React Flow (pan, zoom, minimap: the library made for interactive node
// graphs in React, rather than hand-written SVG). Each node links to its page; the buttons on
// its sides load one more level upstream or downstream from it.
import '@xyflow/react/dist/style.css';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Background, Controls, Handle, MarkerType, MiniMap, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { graphqlRequest } from '../graphql-request';
import { ErrorMessage } from '../runs/error-message';
import { layoutLeftToRight } from './lineage-layout';
import styles from './lineage.module.css';

type LineageNode = { id: string; kind: string; label: string; detail: string | null; deleted: boolean; depth: number; side: string; url: string | null };
type LineageEdge = { from: string; to: string; kind: string; origin: string };
type Graph = { truncated: boolean; start: { id: string }; nodes: LineageNode[]; edges: LineageEdge[] };

const QUERY = `query LineagePage($id: ID!, $direction: LineageDirection!, $depth: Int!) {
  lineage(nodeId: $id, direction: $direction, depth: $depth, limit: 400) {
    truncated start { id }
    nodes { id kind label detail deleted depth side url }
    edges { from to kind origin }
  }
}`;

const KIND_LABEL: Record<string, string> = { DATASET: 'Dataset', RUN: 'Run', LOGGED_MODEL: 'Logged model', MODEL_VERSION: 'Model version', JOB: 'Job' };
const KIND_COLOR: Record<string, string> = { DATASET: '#2f6f9e', RUN: '#2f6f5e', LOGGED_MODEL: '#8a6d3b', MODEL_VERSION: '#7b3fa0', JOB: '#c77700' };
const EDGE_LABEL: Record<string, string> = {
  INPUT: 'read by',
  OUTPUT: 'wrote',
  MODEL_INPUT: 'used by',
  PRODUCED: 'produced',
  REGISTERED: 'registered as',
  PARENT: 'parent of',
  DERIVED: 'derived into',
  FINE_TUNED: 'fine-tuned into',
  VERSION: 'version',
};

type NodeData = LineageNode & { start: boolean; onExpand: (id: string, direction: 'UPSTREAM' | 'DOWNSTREAM') => void; busy: boolean };

function LineageNodeCard({ data }: NodeProps<Node<NodeData>>) {
  const classes = [styles.node, styles[data.kind], data.start ? styles.start : '', data.deleted ? styles.deleted : ''].join(' ');
  return (
    <div className={classes} data-testid="lineage-node" data-node-id={data.id}>
      <Handle type="target" position={Position.Left} style={{ visibility: 'hidden' }} />
      <button className={`${styles.expand} ${styles.up} nodrag`} title="Show what this came from" aria-label={`Expand upstream of ${data.label}`} disabled={data.busy} onClick={() => data.onExpand(data.id, 'UPSTREAM')}>
        ‹
      </button>
      <span className={styles.kind}>{KIND_LABEL[data.kind] ?? data.kind}</span>
      {data.url ? (
        <Link className={`${styles.label} nodrag`} href={data.url} title={`Open ${data.label}`}>
          {data.label}
        </Link>
      ) : (
        <span className={styles.label}>{data.label}</span>
      )}
      <span className={styles.detail}>{data.detail}</span>
      <button className={`${styles.expand} ${styles.down} nodrag`} title="Show what came from this" aria-label={`Expand downstream of ${data.label}`} disabled={data.busy} onClick={() => data.onExpand(data.id, 'DOWNSTREAM')}>
        ›
      </button>
      <Handle type="source" position={Position.Right} style={{ visibility: 'hidden' }} />
    </div>
  );
}

const nodeTypes = { lineage: LineageNodeCard };

export function LineageGraph({ nodeId }: { nodeId: string }) {
  const [depth, setDepth] = useState(3);
  const [direction, setDirection] = useState<'BOTH' | 'UPSTREAM' | 'DOWNSTREAM'>('BOTH');
  const [graph, setGraph] = useState<{ nodes: Map<string, LineageNode>; edges: Map<string, LineageEdge>; truncated: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    setError(null);
    graphqlRequest<{ lineage: Graph }>(QUERY, { id: nodeId, direction, depth })
      .then(({ lineage }) => {
        if (stale) return;
        setGraph({ nodes: new Map(lineage.nodes.map((n) => [n.id, n])), edges: new Map(lineage.edges.map((e) => [`${e.from} ${e.kind} ${e.to}`, e])), truncated: lineage.truncated });
      })
      .catch((e: Error) => !stale && setError(e.message));
    return () => {
      stale = true;
    };
  }, [nodeId, depth, direction]);

  const expand = useCallback((id: string, side: 'UPSTREAM' | 'DOWNSTREAM') => {
    setBusy(true);
    setNote(null);
    graphqlRequest<{ lineage: Graph }>(QUERY, { id, direction: side, depth: 1 })
      .then(({ lineage }) => {
        setGraph((current) => {
          if (!current) return current;
          const nodes = new Map(current.nodes);
          let added = 0;
          for (const n of lineage.nodes) {
            if (!nodes.has(n.id)) {
              nodes.set(n.id, n);
              added++;
            }
          }
          const edges = new Map(current.edges);
          for (const e of lineage.edges) edges.set(`${e.from} ${e.kind} ${e.to}`, e);
          const label = nodes.get(id)?.label ?? id;
          setNote(added ? `${added} more node${added === 1 ? '' : 's'} ${side === 'UPSTREAM' ? 'upstream' : 'downstream'} of ${label}.` : `Nothing more ${side === 'UPSTREAM' ? 'upstream' : 'downstream'} of ${label}.`);
          return { nodes, edges, truncated: current.truncated || lineage.truncated };
        });
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  }, []);

  const flow = useMemo(() => {
    if (!graph) return null;
    const ids = [...graph.nodes.keys()];
    const edges = [...graph.edges.values()];
    const positions = layoutLeftToRight(ids, edges);
    const nodes: Node<NodeData>[] = ids.map((id) => ({
      id,
      type: 'lineage',
      position: positions.get(id)!,
      data: { ...graph.nodes.get(id)!, start: id === nodeId, onExpand: expand, busy },
      draggable: true,
    }));
    const drawn: Edge[] = edges.map((e) => ({
      id: `${e.from} ${e.kind} ${e.to}`,
      source: e.from,
      target: e.to,
      type: 'smoothstep',
      label: EDGE_LABEL[e.kind] ?? e.kind,
      labelStyle: { fontSize: 10, fill: '#5f6b73' },
      labelBgStyle: { fill: '#fbfcfc' },
      style: { stroke: e.origin === 'MLFLOW' ? '#8a979f' : '#2f6f5e', strokeDasharray: e.origin === 'TAG' || e.origin === 'GRAPHQL' ? '5 3' : undefined },
      markerEnd: { type: MarkerType.ArrowClosed, color: '#8a979f' },
    }));
    return { nodes, edges: drawn };
  }, [graph, nodeId, expand, busy]);

  if (error) return <ErrorMessage>{error}</ErrorMessage>;
  return (
    <>
      <div className={styles.toolbar}>
        <label>
          Show
          <select value={direction} onChange={(e) => setDirection(e.target.value as typeof direction)} aria-label="Direction">
            <option value="BOTH">upstream and downstream</option>
            <option value="UPSTREAM">upstream only</option>
            <option value="DOWNSTREAM">downstream only</option>
          </select>
        </label>
        <label>
          Depth
          <select value={depth} onChange={(e) => setDepth(Number(e.target.value))} aria-label="Depth">
            {[1, 2, 3, 4, 6, 8, 12].map((d) => (
              <option key={d} value={d}>
                {d} hop{d === 1 ? '' : 's'}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" role="status">
          {graph ? `${graph.nodes.size} nodes, ${graph.edges.size} edges` : 'Loading…'}
          {graph?.truncated && ' (cut at 400 nodes: lower the depth or expand from a node)'}
          {note && ` · ${note}`}
        </span>
      </div>
      <div className={styles.canvas} data-testid="lineage-canvas">
        {flow && (
          // Keyed by what is shown, so a new depth, direction or expansion is fitted to the view again.
          <ReactFlow key={`${direction}-${depth}-${flow.nodes.length}`} nodes={flow.nodes} edges={flow.edges} nodeTypes={nodeTypes} fitView fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }} minZoom={0.1} nodesConnectable={false}>
            <Background gap={24} color="#e6eaec" />
            <Controls showInteractive={false} />
            <MiniMap pannable zoomable nodeColor={(n) => KIND_COLOR[(n.data as NodeData).kind] ?? '#999'} />
          </ReactFlow>
        )}
      </div>
      <div className={styles.legend}>
        {Object.entries(KIND_LABEL).map(([kind, label]) => (
          <span key={kind}>
            <span className={styles.swatch} style={{ background: KIND_COLOR[kind] }} />
            {label}
          </span>
        ))}
        <span>solid: recorded from MLflow or OpenLineage · dashed: declared (cairn.* tags, API)</span>
      </div>
    </>
  );
}
