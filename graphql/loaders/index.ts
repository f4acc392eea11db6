// Per-request DataLoaders: each batches the lookups one GraphQL response needs into one
// query per kind, and caches within the request only (a new set per request, so nothing
// leaks between callers). Loaders of team-owned rows filter by the caller's readable teams.
import type { Principal } from '../../lib/authz/index.ts';
import { createCommentCountLoader } from './comments.ts';
import { createRegistryLoaders } from './registry.ts';
import { createArtifactStorageLoader, createRetentionPolicyLoader } from './retention.ts';
import { createProjectActivityLoader, createProjectLoader } from './projects.ts';
import { createRunLoaders } from './runs.ts';
import { createTeamLoader } from './teams.ts';
import { createLineageLoaders } from './lineage.ts';
import { createUserLoader } from './users.ts';

export function createLoaders(principal: Principal) {
  const runLoaders = createRunLoaders(principal);
  return {
    userById: createUserLoader(),
    teamById: createTeamLoader(principal),
    projectById: createProjectLoader(principal),
    retentionPolicyByProjectId: createRetentionPolicyLoader(principal),
    artifactStorageByProjectId: createArtifactStorageLoader(),
    projectActivityById: createProjectActivityLoader(principal),
    ...runLoaders,
    ...createRegistryLoaders(principal),
    commentCountByRun: createCommentCountLoader(),
    ...createLineageLoaders(principal, runLoaders.runDataById),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
