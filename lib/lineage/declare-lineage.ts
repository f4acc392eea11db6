// Declared lineage through the GraphQL API, for what no MLflow call carries: a dataset derived
// from another, a model version fine-tuned from another, a run that used a model version or
// read or wrote a dataset (an inference run and its predictions). Both ends must be rows of
// one team the caller writes to: another team's node, or two teams' nodes, are NOT_FOUND.
import { z } from 'zod';
import { actorUserId, authorizeRow, type Principal } from '../authz/index.ts';
import { recordAuditEventSql } from '../audit/record-audit-event.ts';
import { query, withTransaction } from '../db/sql.ts';
import { badInput, notFound } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { describeNodes, type NodeInfo } from './describe-nodes.ts';
import { insertEdges, type EdgeKind } from './edges.ts';
import { NODE_NOUN, parseNodeKey, type NodeKind } from './node-key.ts';

/** What each declarable kind connects (from -> to). */
const DECLARABLE: Partial<Record<EdgeKind, { from: NodeKind[]; to: NodeKind[] }>> = {
  DERIVED: { from: ['DATASET'], to: ['DATASET'] },
  FINE_TUNED: { from: ['MODEL_VERSION'], to: ['MODEL_VERSION'] },
  MODEL_INPUT: { from: ['MODEL_VERSION', 'LOGGED_MODEL'], to: ['RUN'] },
  INPUT: { from: ['DATASET'], to: ['RUN', 'JOB'] },
  OUTPUT: { from: ['RUN', 'JOB'], to: ['DATASET'] },
};

export const DECLARABLE_KINDS = Object.keys(DECLARABLE) as EdgeKind[];

const declareInput = z.object({
  kind: z.enum(DECLARABLE_KINDS as [EdgeKind, ...EdgeKind[]]),
  from: z.string().min(1).max(300),
  to: z.string().min(1).max(300),
  note: z.string().max(2000).nullish(),
});

export type DeclaredEdge = { id: string; teamId: string; from: string; to: string; kind: EdgeKind };

/** Both ends, for writing: missing or other teams' nodes (and a pair from two teams) are NOT_FOUND. */
async function writableEnds(principal: Principal, keys: string[]): Promise<NodeInfo[]> {
  const described = await describeNodes(keys);
  const ends = keys.map((key) => {
    const ref = parseNodeKey(key);
    const info = described.get(key);
    authorizeRow(principal, 'lineage:write', info && !info.deleted ? info.teamId : null, NODE_NOUN[ref.kind], ref.id);
    return info!;
  });
  const other = ends.find((end) => end.teamId !== ends[0].teamId);
  if (other) throw notFound(NODE_NOUN[other.kind], other.id);
  return ends;
}

export async function declareLineage(principal: Principal, raw: z.input<typeof declareInput>): Promise<DeclaredEdge> {
  const input = parseInput(declareInput, raw);
  const rule = DECLARABLE[input.kind]!;
  const [from, to] = await writableEnds(principal, [input.from, input.to]);
  if (!rule.from.includes(from.kind) || !rule.to.includes(to.kind)) {
    throw badInput(`A ${input.kind} edge goes from a ${rule.from.join(' or ')} to a ${rule.to.join(' or ')}, not from a ${from.kind} to a ${to.kind}`);
  }
  if (from.key === to.key) throw badInput('A node cannot be its own lineage');
  const teamId = from.teamId!;
  await withTransaction(async (client) => {
    await insertEdges(client, teamId, [
      { from: from.key, to: to.key, kind: input.kind, origin: 'GRAPHQL', properties: input.note ? { note: input.note } : {}, createdById: actorUserId(principal) },
    ]);
    await recordAuditEventSql(client, { principal, teamId, action: 'lineage.declare', targetType: 'LineageEdge', targetId: `${from.key} ${input.kind} ${to.key}`, metadata: { kind: input.kind, from: from.key, to: to.key } });
  });
  const [edge] = await query<{ id: string }>(`SELECT id::text FROM lineage_edges WHERE team_id = $1 AND from_node = $2 AND to_node = $3 AND kind = $4::"LineageEdgeKind"`, [
    teamId,
    from.key,
    to.key,
    input.kind,
  ]);
  return { id: edge.id, teamId, from: from.key, to: to.key, kind: input.kind };
}

/** Removes an edge declared through the API (edges recorded from MLflow calls, tags or events follow those). */
export async function removeDeclaredLineage(principal: Principal, input: { edgeId: string }): Promise<boolean> {
  const [edge] = /^\d{1,18}$/.test(input.edgeId)
    ? await query<{ team_id: string; origin: string; from_node: string; to_node: string; kind: string }>(
        'SELECT team_id, origin::text, from_node, to_node, kind::text FROM lineage_edges WHERE id = $1::int8',
        [input.edgeId],
      )
    : [];
  authorizeRow(principal, 'lineage:write', edge?.team_id, 'Lineage edge', input.edgeId);
  if (edge.origin !== 'GRAPHQL') {
    throw badInput(`This edge was recorded from ${edge.origin === 'TAG' ? 'a cairn.* run tag: change or delete the tag' : edge.origin === 'MLFLOW' ? 'an MLflow call' : 'an OpenLineage event'}; only edges declared through the API are removed here`);
  }
  await withTransaction(async (client) => {
    await client.query('DELETE FROM lineage_edges WHERE id = $1::int8', [input.edgeId]);
    await recordAuditEventSql(client, { principal, teamId: edge.team_id, action: 'lineage.remove', targetType: 'LineageEdge', targetId: `${edge.from_node} ${edge.kind} ${edge.to_node}`, metadata: { kind: edge.kind } });
  });
  return true;
}
