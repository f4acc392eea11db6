// The edges a run implies through what it logged, kept in step with it inside the write's
// transaction: its dataset inputs (INPUT, or OUTPUT for the datasets cairn.outputs names), its
// parent (PARENT), and what its cairn.* tags declare (lineage-tags.ts). Called after every
// change of those (log-inputs, a lineage tag set or deleted, a parent, a version registered
// from the run); it computes the edges the run should have and adds or removes the
// difference. A tag reference already recorded is not resolved again (an alias that moved
// since still names the version the run used).
import { badInput } from '../errors.ts';
import type { SqlClient } from '../db/sql.ts';
import { deleteEdges, insertEdges, type EdgeInput, type EdgeKind } from './edges.ts';
import { LineageTag, MAX_REFS_PER_TAG, tagRefs } from './lineage-tags.ts';
import { datasetNode, runNode, versionNode } from './node-key.ts';
import { resolveDatasetRef, resolveVersionRef } from './resolve-refs.ts';

type OwnedEdge = { id: string; from_node: string; to_node: string; kind: EdgeKind; origin: string; properties: Record<string, unknown> };

const edgeKey = (e: { from: string; to: string; kind: string }) => `${e.from}\n${e.to}\n${e.kind}`;

export async function syncRunLineage(client: SqlClient, runId: string, actorId: string | null): Promise<void> {
  const { rows: runs } = await client.query<{ team_id: string; parent_run_id: string | null }>(
    'SELECT team_id, parent_run_id FROM runs WHERE id = $1',
    [runId],
  );
  const run = runs[0];
  if (!run) return;
  const teamId = run.team_id;
  const me = runNode(runId);

  const { rows: tagRows } = await client.query<{ key: string; value: string }>(`SELECT key, value FROM run_tags WHERE run_id = $1 AND key LIKE 'cairn.%'`, [runId]);
  const { rows: inputs } = await client.query<{ dataset_id: string; name: string; context: string | null }>(
    `SELECT i.dataset_id, d.name, i.context FROM run_inputs i JOIN datasets d ON d.id = i.dataset_id WHERE i.run_id = $1`,
    [runId],
  );
  const { rows: versions } = await client.query<{ id: string }>('SELECT id FROM model_versions WHERE run_id = $1 AND deleted_at IS NULL', [runId]);
  const { rows: owned } = await client.query<OwnedEdge>(
      `SELECT id::text, from_node, to_node, kind::text, origin::text, properties FROM lineage_edges
        WHERE team_id = $1 AND (
              (origin = 'MLFLOW' AND kind IN ('INPUT', 'OUTPUT') AND (to_node = $2 AND from_node LIKE 'dataset:%' OR from_node = $2 AND to_node LIKE 'dataset:%'))
           OR (origin = 'MLFLOW' AND kind = 'PARENT' AND to_node = $2)
           OR (origin = 'TAG' AND tag_run_id = $3))`,
    [teamId, me, runId],
  );
  const tags = new Map(tagRows.map((t) => [t.key, t.value]));
  const refsOf = (key: string) => {
    const refs = tagRefs(tags.get(key));
    if (refs.length > MAX_REFS_PER_TAG) throw badInput(`The ${key} tag lists ${refs.length} references; at most ${MAX_REFS_PER_TAG}`);
    return refs;
  };

  const wanted: EdgeInput[] = [];
  if (run.parent_run_id) wanted.push({ from: runNode(run.parent_run_id), to: me, kind: 'PARENT', origin: 'MLFLOW', createdById: actorId });

  const outputNames = new Set(refsOf(LineageTag.outputs));
  const outputs: string[] = [];
  for (const input of inputs) {
    const dataset = datasetNode(input.dataset_id);
    const properties = input.context ? { context: input.context } : {};
    if (outputNames.has(input.name)) {
      outputs.push(dataset);
      wanted.push({ from: me, to: dataset, kind: 'OUTPUT', origin: 'MLFLOW', properties, createdById: actorId });
    } else {
      wanted.push({ from: dataset, to: me, kind: 'INPUT', origin: 'MLFLOW', properties, createdById: actorId });
    }
  }

  // A reference already recorded keeps the node it resolved to then.
  const recorded = new Map<string, string>();
  for (const edge of owned) {
    const { tag, ref } = edge.properties as { tag?: string; ref?: string };
    // Every tag edge starts at what the reference resolved to.
    if (edge.origin === 'TAG' && tag && ref) recorded.set(`${tag}\n${ref}`, edge.from_node);
  }
  const resolve = async (tag: string, ref: string, resolver: (client: SqlClient, teamId: string, ref: string) => Promise<string>) =>
    recorded.get(`${tag}\n${ref}`) ?? resolver(client, teamId, ref);
  const tagEdge = (from: string, to: string, kind: EdgeKind, tag: string, ref: string, extra: Record<string, unknown> = {}): EdgeInput => ({
    from,
    to,
    kind,
    origin: 'TAG',
    properties: { tag, ref, ...extra },
    tagRunId: runId,
    createdById: actorId,
  });

  for (const ref of refsOf(LineageTag.model)) {
    wanted.push(tagEdge(await resolve(LineageTag.model, ref, resolveVersionRef), me, 'MODEL_INPUT', LineageTag.model, ref));
  }
  for (const ref of refsOf(LineageTag.fineTunedFrom)) {
    const base = await resolve(LineageTag.fineTunedFrom, ref, resolveVersionRef);
    wanted.push(tagEdge(base, me, 'MODEL_INPUT', LineageTag.fineTunedFrom, ref, { role: 'fine-tuning' }));
    for (const version of versions) {
      if (versionNode(version.id) !== base) wanted.push(tagEdge(base, versionNode(version.id), 'FINE_TUNED', LineageTag.fineTunedFrom, ref));
    }
  }
  for (const ref of refsOf(LineageTag.derivedFrom)) {
    const source = await resolve(LineageTag.derivedFrom, ref, resolveDatasetRef);
    for (const output of outputs) if (output !== source) wanted.push(tagEdge(source, output, 'DERIVED', LineageTag.derivedFrom, ref));
  }

  const wantedKeys = new Set(wanted.map(edgeKey));
  const ownedKeys = new Set(owned.map((e) => edgeKey({ from: e.from_node, to: e.to_node, kind: e.kind })));
  await deleteEdges(client, owned.filter((e) => !wantedKeys.has(edgeKey({ from: e.from_node, to: e.to_node, kind: e.kind }))).map((e) => e.id));
  await insertEdges(client, teamId, wanted.filter((e) => !ownedKeys.has(edgeKey(e))));
}
