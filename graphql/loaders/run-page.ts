// The run page's surroundings, loaded by Query.run in its own statement (getRunPage) and
// handed to the request's loaders, so the Run fields that follow read them instead of
// querying once each. Each loader's filter still applies: a project only when the caller
// may read it, nested runs and versions through runById and versionById (canReadRow), and
// the field resolvers authorize as before (artifact:read, lineage). What the page statement
// cannot carry (nested and parent runs, versions, output datasets) is loaded at once, in
// this tick, so each is one batched statement at most.
import type { RunPage, RunPagePart } from '../../lib/tracking/runs/get-run-page.ts';
import { runNode } from '../../lib/lineage/node-key.ts';
import type { GraphQLContext } from '../context.ts';
import type { RunModel } from '../mappers.ts';
import { neighbourIds } from './lineage.ts';
import { projectReadable } from './projects.ts';

/** Run fields whose data getRunPage can bring along, and the part that carries it. */
const PART_OF_FIELD: Record<string, RunPagePart> = {
  project: 'project',
  author: 'author',
  artifacts: 'artifacts',
  children: 'childIds',
  modelVersions: 'versionIds',
  outputs: 'edges',
  usedModelVersions: 'edges',
  reproducibility: 'reproducibility',
};

/** The parts the selected Run fields need (empty: the run view alone will do). */
export function runPageParts(fields: ReadonlySet<string>): Set<RunPagePart> {
  return new Set([...fields].flatMap((field) => (PART_OF_FIELD[field] ? [PART_OF_FIELD[field]] : [])));
}

const present = <T>(values: readonly (T | Error | null)[]): T[] => values.filter((v): v is T => v !== null && !(v instanceof Error));

/** Primes the request's loaders with `page`; `fields`: the Run fields the query selects. */
export function primeRunPage(context: GraphQLContext, page: RunPage, fields: ReadonlySet<string>): RunModel {
  const { loaders, principal } = context;
  const { run } = page;
  const node = runNode(run.id);
  loaders.runById.prime(run.id, run);
  loaders.runDataById.prime(run.id, run);
  if (page.project) loaders.projectById.prime(page.project.id, projectReadable(principal, page.project) ? page.project : null);
  if (page.author && run.authorId) loaders.userById.prime(run.authorId, page.author);
  if (page.artifacts) loaders.artifactsByRun.prime(run.id, page.artifacts);
  if (page.reproducibility) loaders.reproducibility.prime(run.id, page.reproducibility);
  if (page.edges) loaders.edgesAround.prime(`${run.teamId}|${node}`, page.edges);

  const childIds = page.childIds ?? [];
  const runIds = [...childIds, ...(fields.has('parent') && run.parentRunId ? [run.parentRunId] : [])];
  const runs = runIds.length ? loaders.runById.loadMany(runIds) : Promise.resolve([]);
  if (page.childIds) loaders.childrenByRun.prime(run.id, runs.then((loaded) => present(loaded.slice(0, childIds.length))));

  const versionIds = page.versionIds ?? [];
  const usedIds = page.edges && fields.has('usedModelVersions') ? neighbourIds(page.edges, node, 'MODEL_INPUT', 'from', 'model_version:') : [];
  const versions = versionIds.length + usedIds.length ? loaders.versionById.loadMany([...versionIds, ...usedIds]) : Promise.resolve([]);
  if (page.versionIds) loaders.versionsByRun.prime(run.id, versions.then((loaded) => present(loaded.slice(0, versionIds.length))));

  const outputIds = page.edges && fields.has('outputs') ? neighbourIds(page.edges, node, 'OUTPUT', 'to', 'dataset:') : [];
  if (outputIds.length) void loaders.datasetById.loadMany(outputIds);
  return run;
}
