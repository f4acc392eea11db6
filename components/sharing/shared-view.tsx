'use client';
// What a share page shows: the run, the saved comparison or the model version its link names,
// through the same components as the team's own pages, read-only, with comments and artifacts
// only when the link's creator included them.
import { useQuery } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql-request';
import { CommentsPanel } from '../comments/comments-panel';
import type { CompareState } from '../compare/compare-state';
import { SavedComparisonView } from '../comparisons/saved-comparison-view';
import { ErrorMessage } from '../runs/error-message';
import { RunDetails } from '../runs/run-details';
import { SkeletonRows } from '../ui/skeleton';
import { SharedVersion } from './shared-version';

type Shared = {
  shared: {
    targetType: 'RUN' | 'COMPARISON' | 'MODEL_VERSION';
    includeComments: boolean;
    allowArtifacts: boolean;
    run: { id: string } | null;
    comparison: { id: string; name: string; runIds: string[]; view: CompareState; createdAt: string; createdBy: { name: string | null; email: string } | null } | null;
    modelVersion: { id: string } | null;
  };
};

const SHARED = `{ shared { targetType includeComments allowArtifacts run { id } comparison { id name runIds view createdAt createdBy { name email } } modelVersion { id } } }`;

export function SharedView() {
  const result = useQuery({ queryKey: ['shared'], queryFn: () => graphqlRequest<Shared>(SHARED) });
  if (result.isPending) return <SkeletonRows rows={8} label="Loading what was shared" />;
  if (result.isError) return <ErrorMessage>{result.error.message}</ErrorMessage>;
  const { shared } = result.data;
  const allowed = { includeComments: shared.includeComments, allowArtifacts: shared.allowArtifacts };
  if (shared.run) return <RunDetails teamSlug={null} runId={shared.run.id} shared={allowed} />;
  if (shared.modelVersion) return <SharedVersion versionId={shared.modelVersion.id} shared={allowed} />;
  const comparison = shared.comparison!;
  return (
    <>
      <SavedComparisonView
        comparison={comparison}
        teamSlug={null}
        meta={<span>saved comparison{comparison.createdBy ? ` by ${comparison.createdBy.name || comparison.createdBy.email}` : ''}</span>}
      />
      {shared.includeComments && (
        <>
          <h2>Comments</h2>
          <CommentsPanel targetType="COMPARISON" targetId={comparison.id} teamSlug={null} canWrite={false} />
        </>
      )}
    </>
  );
}
