// A dataset's blast radius: the model versions downstream of it (through the runs that read
// it, the logged models they produced, datasets derived from it, versions fine-tuned from
// those...). Several datasets in one walk (one SQL statement); each keeps its own answer.
import { pool } from '../db/client.ts';
import { datasetNode, tryParseNodeKey } from './node-key.ts';
import { walkLineage } from './walk-lineage.ts';

export type DownstreamVersion = { versionId: string; depth: number };

export const BLAST_RADIUS_DEPTH = 12;

export async function findDownstreamVersions(teamId: string, datasetIds: readonly string[]): Promise<Map<string, DownstreamVersion[]>> {
  const walks = await walkLineage(pool(), teamId, datasetIds.map(datasetNode), { direction: 'DOWNSTREAM', maxDepth: BLAST_RADIUS_DEPTH, nodeCap: 10_000, stepEdgeCap: 40_000 });
  return new Map(
    walks.map((walk) => [
      tryParseNodeKey(walk.start)!.id,
      walk.nodes.flatMap((node) => {
        const ref = tryParseNodeKey(node.key);
        return ref?.kind === 'MODEL_VERSION' ? [{ versionId: ref.id, depth: node.depth }] : [];
      }),
    ]),
  );
}
