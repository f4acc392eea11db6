// Page paths of lineage nodes and the lineage page of any node, for links.
type PageRef = { kind: 'run' | 'dataset' | 'version' | 'job'; id: string; modelId?: string; version?: number } | null;

export function lineageNodePath(slug: string, node: { page: PageRef }): string | null {
  const page = node.page;
  if (!page) return null;
  if (page.kind === 'run') return `/t/${slug}/runs/${page.id}`;
  if (page.kind === 'dataset') return `/t/${slug}/datasets/${page.id}`;
  if (page.kind === 'job') return `/t/${slug}/jobs/${page.id}`;
  return `/t/${slug}/models/${page.modelId}/versions/${page.version}`;
}

/** The lineage page of the node with global id `<kind>:<id>`. */
export function lineagePath(slug: string, nodeId: string): string {
  const colon = nodeId.indexOf(':');
  return `/t/${slug}/lineage/${nodeId.slice(0, colon)}/${encodeURIComponent(nodeId.slice(colon + 1))}`;
}
