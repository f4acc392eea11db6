// A model version's training data: the datasets read by the runs behind it. Those runs are
// found by walking upstream from the version through model edges only (registered from,
// produced by, fine-tuned from, used a model, parent run), so a preprocessing run's inputs
// (raw data upstream of a training dataset) are ancestors of the data, not training data.
// Each entry says through which version it came (the version itself, or one it was
// fine-tuned from). Several versions in one walk (one SQL statement).
import { pool } from '../db/client.ts';
import { query } from '../db/sql.ts';
import { tryParseNodeKey, versionNode } from './node-key.ts';
import { walkLineage, type Hop } from './walk-lineage.ts';

export type TrainingDataView = {
  versionId: string;
  datasetId: string;
  runId: string;
  /** The version whose run read it: `versionId`, or a version it was fine-tuned from. */
  viaVersionId: string;
  context: string | null;
  /** Hops from the version to the dataset. */
  depth: number;
};

const MODEL_EDGES = new Set(['REGISTERED', 'PRODUCED', 'FINE_TUNED', 'MODEL_INPUT', 'PARENT']);

/** Training data of each version (ids of versions the caller may read, all of `teamId`). */
export async function listTrainingData(teamId: string, versionIds: readonly string[]): Promise<Map<string, TrainingDataView[]>> {
  const result = new Map<string, TrainingDataView[]>(versionIds.map((id) => [id, []]));
  const walks = await walkLineage(pool(), teamId, versionIds.map(versionNode), { direction: 'UPSTREAM', maxDepth: 12, nodeCap: 5000, stepEdgeCap: 20000 });
  const pairs: { versionId: string; datasetId: string; runId: string; viaVersionId: string; depth: number }[] = [];
  for (const walk of walks) {
    const versionId = tryParseNodeKey(walk.start)!.id;
    const into = new Map<string, Hop[]>();
    for (const hop of walk.hops) {
      const list = into.get(hop.to);
      if (list) list.push(hop);
      else into.set(hop.to, [hop]);
    }
    // Breadth-first over model edges, remembering the nearest version on the way.
    const via = new Map<string, { version: string; depth: number }>([[walk.start, { version: versionId, depth: 0 }]]);
    const queue = [walk.start];
    const seen = new Set<string>();
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i];
      const here = via.get(node)!;
      for (const hop of into.get(node) ?? []) {
        const ref = tryParseNodeKey(hop.from);
        if (!ref) continue;
        if (hop.kind === 'INPUT' && ref.kind === 'DATASET' && node.startsWith('run:')) {
          const key = `${ref.id} ${node}`;
          if (!seen.has(key)) {
            seen.add(key);
            pairs.push({ versionId, datasetId: ref.id, runId: node.slice('run:'.length), viaVersionId: here.version, depth: here.depth + 1 });
          }
          continue;
        }
        if (!MODEL_EDGES.has(hop.kind) || via.has(hop.from)) continue;
        via.set(hop.from, { version: ref.kind === 'MODEL_VERSION' ? ref.id : here.version, depth: here.depth + 1 });
        queue.push(hop.from);
      }
    }
  }
  if (pairs.length === 0) return result;
  const contexts = await query<{ run_id: string; dataset_id: string; context: string | null }>(
    `SELECT run_id, dataset_id, context FROM run_inputs WHERE (run_id, dataset_id) IN (SELECT * FROM unnest($1::bpchar[], $2::text[]))`,
    [pairs.map((p) => p.runId), pairs.map((p) => p.datasetId)],
  );
  const contextOf = new Map(contexts.map((c) => [`${c.run_id} ${c.dataset_id}`, c.context]));
  for (const pair of pairs) result.get(pair.versionId)!.push({ ...pair, context: contextOf.get(`${pair.runId} ${pair.datasetId}`) ?? null });
  return result;
}
