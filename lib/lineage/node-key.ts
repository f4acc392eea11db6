// Global ids of lineage nodes: `<kind>:<row id>` (run:4f1c..., dataset:9b1d..., logged_model:m-...,
// model_version:ck..., job:ck...). They name the node in lineage_edges, in GraphQL and in page
// URLs, and stay the same for the row's life. The one place that builds and parses them.
import { badInput } from '../errors.ts';

export const NODE_KINDS = ['DATASET', 'RUN', 'LOGGED_MODEL', 'MODEL_VERSION', 'JOB'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export type NodeRef = { kind: NodeKind; id: string };

const prefixOf: Record<NodeKind, string> = {
  DATASET: 'dataset',
  RUN: 'run',
  LOGGED_MODEL: 'logged_model',
  MODEL_VERSION: 'model_version',
  JOB: 'job',
};
const kindOfPrefix = new Map(Object.entries(prefixOf).map(([kind, prefix]) => [prefix, kind as NodeKind]));

/** What a node is called in NOT_FOUND messages and by authorizeRow (share links reach 'Run' rows only). */
export const NODE_NOUN: Record<NodeKind, string> = {
  DATASET: 'Dataset',
  RUN: 'Run',
  LOGGED_MODEL: 'Logged model',
  MODEL_VERSION: 'Model version',
  JOB: 'Job',
};

export function nodeKey(kind: NodeKind, id: string): string {
  return `${prefixOf[kind]}:${id}`;
}

export const runNode = (runId: string) => nodeKey('RUN', runId);
export const datasetNode = (datasetId: string) => nodeKey('DATASET', datasetId);
export const loggedModelNode = (modelId: string) => nodeKey('LOGGED_MODEL', modelId);
export const versionNode = (versionId: string) => nodeKey('MODEL_VERSION', versionId);
export const jobNode = (jobId: string) => nodeKey('JOB', jobId);

/** The node a global id names, or null when it is not one. */
export function tryParseNodeKey(key: string): NodeRef | null {
  const colon = key.indexOf(':');
  if (colon <= 0) return null;
  const kind = kindOfPrefix.get(key.slice(0, colon));
  const id = key.slice(colon + 1);
  if (!kind || !id || id.length > 200) return null;
  return { kind, id };
}

export function parseNodeKey(key: string): NodeRef {
  const ref = tryParseNodeKey(key);
  if (!ref) {
    throw badInput(
      `'${key.slice(0, 200)}' is not a lineage node id: expected <kind>:<id> with kind one of ${Object.values(prefixOf).join(', ')} (e.g. run:<run id>)`,
    );
  }
  return ref;
}
