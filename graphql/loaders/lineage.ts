// Lineage per request, batched: datasets, jobs, edge details, the edges around nodes, training
// data, blast radius and reproducibility for a whole page of parents in a constant number of
// queries. Keys of team-owned rows carry the team (`<teamId>|<id>`) where lineage_edges'
// indexes need it; loaders by id drop what the caller may not read (canReadRow).
import DataLoader from 'dataloader';
import { canReadRow, type Principal } from '../../lib/authz/index.ts';
import { query } from '../../lib/db/sql.ts';
import { loadDatasets, type DatasetRow } from '../../lib/lineage/dataset-usage.ts';
import { loadEdgeDetails, type EdgeDetails } from '../../lib/lineage/edge-details.ts';
import { findDownstreamVersions, type DownstreamVersion } from '../../lib/lineage/find-downstream-versions.ts';
import { listTrainingData, type TrainingDataView } from '../../lib/lineage/list-training-data.ts';
import { reproducibilityReports, type ReproReport } from '../../lib/lineage/reproducibility-report.ts';
import type { Hop } from '../../lib/lineage/walk-lineage.ts';
import { tryParseNodeKey } from '../../lib/lineage/node-key.ts';
import type { LineageJobModel } from '../mappers.ts';
import { manyByKey, oneByKey } from './batch.ts';
import type { RunView } from '../../lib/tracking/runs/run-view.ts';

/** `<teamId>|<id>` keys grouped by team. */
function byTeam(keys: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const [teamId, id] = key.split('|');
    const list = groups.get(teamId);
    if (list) list.push(id);
    else groups.set(teamId, [id]);
  }
  return groups;
}

/** Ids of the nodes at the other end of `node`'s `hops` of `kind` (`side`: the end they are on), of the kind `prefix` names. */
export function neighbourIds(hops: readonly Hop[], node: string, kind: string, side: 'from' | 'to', prefix: string): string[] {
  return hops
    .filter((h) => h.kind === kind && (side === 'from' ? h.to === node : h.from === node))
    .map((h) => (side === 'from' ? h.from : h.to))
    .filter((other) => other.startsWith(prefix))
    .map((other) => tryParseNodeKey(other)!.id);
}

/** `runViews`: the request's run view loader, so a report reuses the run the page already loaded. */
export function createLineageLoaders(principal: Principal, runViews: DataLoader<string, RunView | null>) {
  const datasetById = new DataLoader<string, DatasetRow | null>(async (ids) =>
    oneByKey(ids, (await loadDatasets(ids)).filter((d) => canReadRow(principal, d.teamId, 'Dataset', d.id)), (d) => d.id),
  );

  const jobById = new DataLoader<string, LineageJobModel | null>(async (ids) => {
    const rows = await query<LineageJobModel>(
      `SELECT id, team_id AS "teamId", namespace, name, facets, last_run_id AS "lastRunId", last_event_type AS "lastEventType", last_event_time AS "lastEventTime"
         FROM lineage_jobs WHERE id = ANY($1::text[])`,
      [ids],
    );
    return oneByKey(ids, rows.filter((j) => canReadRow(principal, j.teamId, 'Job', j.id)), (j) => j.id);
  });

  /** Details of crossed edges, keyed `<teamId>|<from> <kind> <to>`. */
  const edgeDetails = new DataLoader<string, EdgeDetails | null>(async (keys) => {
    const found = new Map<string, EdgeDetails>();
    for (const [teamId, hops] of byTeam(keys)) {
      const parsed: Hop[] = hops.map((h) => {
        const [from, kind, to] = h.split(' ');
        return { from, kind, to };
      });
      for (const [key, details] of await loadEdgeDetails(teamId, parsed)) found.set(`${teamId}|${key}`, details);
    }
    return keys.map((key) => found.get(key) ?? null);
  });

  /** Edges touching each node (either end), keyed `<teamId>|<node key>`. */
  const edgesAround = new DataLoader<string, Hop[]>(async (keys) => {
    const result = new Map<string, Hop[]>(keys.map((k) => [k, []]));
    for (const [teamId, nodes] of byTeam(keys)) {
      const rows = await query<{ from_node: string; to_node: string; kind: string }>(
        `SELECT from_node, to_node, kind::text FROM lineage_edges WHERE team_id = $1 AND from_node = ANY($2::text[])
         UNION ALL
         SELECT from_node, to_node, kind::text FROM lineage_edges WHERE team_id = $1 AND to_node = ANY($2::text[])`,
        [teamId, nodes],
      );
      const wanted = new Set(nodes);
      for (const row of rows) {
        const hop = { from: row.from_node, to: row.to_node, kind: row.kind };
        for (const node of [row.from_node, row.to_node]) if (wanted.has(node)) result.get(`${teamId}|${node}`)?.push(hop);
      }
    }
    return keys.map((k) => result.get(k)!);
  });

  /** Training data per version, keyed `<teamId>|<versionId>`. */
  const trainingData = new DataLoader<string, TrainingDataView[]>(async (keys) => {
    const result = new Map<string, TrainingDataView[]>();
    for (const [teamId, ids] of byTeam(keys)) {
      for (const [id, rows] of await listTrainingData(teamId, ids)) result.set(`${teamId}|${id}`, rows);
    }
    return keys.map((k) => result.get(k) ?? []);
  });

  /** Model versions downstream of each dataset, keyed `<teamId>|<datasetId>`. */
  const downstreamVersions = new DataLoader<string, DownstreamVersion[]>(async (keys) => {
    const result = new Map<string, DownstreamVersion[]>();
    for (const [teamId, ids] of byTeam(keys)) {
      for (const [id, rows] of await findDownstreamVersions(teamId, ids)) result.set(`${teamId}|${id}`, rows);
    }
    return keys.map((k) => result.get(k) ?? []);
  });

  /** Runs that read each dataset, newest first. */
  const runIdsByDataset = new DataLoader<string, string[]>(async (ids) => {
    const rows = await query<{ dataset_id: string; run_id: string }>(
      `SELECT i.dataset_id, i.run_id FROM run_inputs i JOIN runs r ON r.id = i.run_id WHERE i.dataset_id = ANY($1::text[]) ORDER BY r.start_time DESC`,
      [ids],
    );
    return manyByKey(ids, rows, (r) => r.dataset_id).map((list) => list.map((r) => r.run_id));
  });

  /** Reproducibility of runs, keyed `<runId>` or `<runId>|<path of a version's files>`. */
  const reproducibility = new DataLoader<string, ReproReport | null>(async (keys) => {
    const prefixes = new Map<string, string>();
    for (const key of keys) {
      const [runId, prefix] = key.split('|');
      if (prefix) prefixes.set(runId, prefix);
    }
    const loadRuns = async (ids: readonly string[]) => (await runViews.loadMany(ids)).filter((run): run is RunView => !!run && !(run instanceof Error));
    const reports = await reproducibilityReports([...new Set(keys.map((k) => k.split('|')[0]))], prefixes, loadRuns);
    return keys.map((k) => reports.get(k.split('|')[0]) ?? null);
  });

  return { datasetById, jobById, edgeDetails, edgesAround, trainingData, downstreamVersions, runIdsByDataset, reproducibility };
}
