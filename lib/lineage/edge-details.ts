// The rest of an edge a traversal crossed (id, origin, properties, who recorded it and when),
// for the edges a response asks about: one query for all of them.
import { query } from '../db/sql.ts';
import type { Hop } from './walk-lineage.ts';

export type EdgeDetails = Hop & {
  id: string;
  origin: string;
  properties: Record<string, unknown>;
  createdById: string | null;
  createdAt: Date;
};

export const hopKey = (hop: Hop) => `${hop.from} ${hop.kind} ${hop.to}`;

export async function loadEdgeDetails(teamId: string, hops: readonly Hop[]): Promise<Map<string, EdgeDetails>> {
  if (hops.length === 0) return new Map();
  const rows = await query<{ id: string; from_node: string; to_node: string; kind: string; origin: string; properties: Record<string, unknown>; created_by_id: string | null; created_at: Date }>(
    `SELECT e.id::text, e.from_node, e.to_node, e.kind::text, e.origin::text, e.properties, e.created_by_id, e.created_at
       FROM unnest($2::text[], $3::text[], $4::text[]) AS h(from_node, to_node, kind)
       JOIN lineage_edges e ON e.team_id = $1 AND e.from_node = h.from_node AND e.to_node = h.to_node AND e.kind = h.kind::"LineageEdgeKind"`,
    [teamId, hops.map((h) => h.from), hops.map((h) => h.to), hops.map((h) => h.kind)],
  );
  return new Map(
    rows.map((r) => {
      const details: EdgeDetails = { from: r.from_node, to: r.to_node, kind: r.kind, id: r.id, origin: r.origin, properties: r.properties, createdById: r.created_by_id, createdAt: r.created_at };
      return [hopKey(details), details];
    }),
  );
}
