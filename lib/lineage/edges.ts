// Writing lineage edges, always inside the caller's transaction (the write that implies an
// edge and the edge commit together). Set-based: one statement whatever the number of edges.
// Callers have already loaded both ends as rows of `teamId` (edges never cross teams).
import type { Prisma } from '../db/generated/client.ts';
import type { SqlClient } from '../db/sql.ts';

export const EDGE_KINDS = ['INPUT', 'OUTPUT', 'MODEL_INPUT', 'PRODUCED', 'REGISTERED', 'PARENT', 'DERIVED', 'FINE_TUNED', 'VERSION'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];
export type EdgeOrigin = 'MLFLOW' | 'TAG' | 'GRAPHQL' | 'OPENLINEAGE';

export type EdgeInput = {
  from: string;
  to: string;
  kind: EdgeKind;
  origin: EdgeOrigin;
  properties?: Record<string, unknown>;
  /** TAG edges: the run whose tag declared it. */
  tagRunId?: string | null;
  createdById?: string | null;
};

/** A raw-SQL client for either a pg transaction or a Prisma interactive transaction. */
export function sqlOf(tx: Prisma.TransactionClient): SqlClient {
  return {
    query: (async (text: string, values: unknown[] = []) => {
      const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values);
      return { rows, rowCount: rows.length };
    }) as SqlClient['query'],
  };
}

/**
 * Inserts edges; an edge that exists already (same ends and kind) is kept as it was, or, with
 * `refresh`, gets the new properties (OpenLineage edges carry the latest run that reported them).
 */
export async function insertEdges(client: SqlClient, teamId: string, edges: readonly EdgeInput[], options: { refresh?: boolean } = {}): Promise<void> {
  if (edges.length === 0) return;
  const unique = new Map(edges.map((e) => [`${e.from}\n${e.to}\n${e.kind}`, e]));
  const rows = [...unique.values()];
  await client.query(
    `INSERT INTO lineage_edges (team_id, from_node, to_node, kind, origin, properties, tag_run_id, created_by_id)
     SELECT $1, e.from_node, e.to_node, e.kind::"LineageEdgeKind", e.origin::"LineageOrigin", e.properties::jsonb, e.tag_run_id, e.created_by_id
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
            AS e(from_node, to_node, kind, origin, properties, tag_run_id, created_by_id)
     ORDER BY e.from_node, e.to_node, e.kind
     ON CONFLICT (team_id, from_node, to_node, kind) DO ${options.refresh ? 'UPDATE SET properties = lineage_edges.properties || excluded.properties' : 'NOTHING'}`,
    [
      teamId,
      rows.map((e) => e.from),
      rows.map((e) => e.to),
      rows.map((e) => e.kind),
      rows.map((e) => e.origin),
      rows.map((e) => JSON.stringify(e.properties ?? {})),
      rows.map((e) => e.tagRunId ?? null),
      rows.map((e) => e.createdById ?? null),
    ],
  );
}

/** Removes edges by id (the caller chose them inside its transaction). */
export async function deleteEdges(client: SqlClient, ids: readonly (string | bigint)[]): Promise<void> {
  if (ids.length === 0) return;
  await client.query('DELETE FROM lineage_edges WHERE id = ANY($1::int8[])', [ids.map(String)]);
}
