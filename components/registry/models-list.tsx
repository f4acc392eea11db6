'use client';
// A team's registered models: what is in Production, the latest version per stage, aliases,
// when it last changed; a name filter; requests waiting for the viewer's decision; a create
// form for members.
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { graphqlRequest } from '../graphql-request';
import { ErrorMessage } from '../runs/error-message';
import { AliasBadge, StageBadge } from './badges';
import { modelPath, timeAgo, versionPath, type Stage } from './format';

type VersionRef = { version: number; stage: Stage };
type ModelRow = {
  id: string;
  name: string;
  description: string | null;
  updatedAt: string;
  latestVersions: VersionRef[];
  productionVersion: { version: number } | null;
  aliases: { alias: string; protected: boolean; version: { version: number } }[];
};
type ModelsData = {
  team: { id: string; registeredModels: { edges: { node: ModelRow }[]; pageInfo: { hasNextPage: boolean } } };
  transitionRequestsAwaitingMe: { id: string; model: { id: string; name: string; team: { id: string } } }[];
};

const MODELS = `query TeamModels($slug: String!, $filter: String) {
  team(slug: $slug) {
    id
    registeredModels(first: 200, filter: $filter) {
      edges { node {
        id name description updatedAt
        latestVersions { version stage }
        productionVersion { version }
        aliases { alias protected version { version } }
      } }
      pageInfo { hasNextPage }
    }
  }
  transitionRequestsAwaitingMe { id model { id name team { id } } }
}`;

/** MLflow's filter for a name fragment typed in the search box. */
const nameFilter = (text: string) => (text.trim() ? `name ILIKE '%${text.trim().replaceAll("'", "''")}%'` : null);

export function ModelsList({ teamSlug, canWrite }: { teamSlug: string; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const models = useQuery({
    queryKey: ['models', teamSlug, search],
    queryFn: () => graphqlRequest<ModelsData>(MODELS, { slug: teamSlug, filter: nameFilter(search) }),
    placeholderData: (previous) => previous,
  });
  const create = useMutation({
    mutationFn: (input: { teamId: string; name: string; description?: string }) =>
      graphqlRequest<{ createRegisteredModel: { id: string } }>(`mutation CreateModel($input: CreateRegisteredModelInput!) { createRegisteredModel(input: $input) { id } }`, { input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['models', teamSlug] }),
  });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const teamId = models.data?.team.id;
    if (!teamId) return;
    create.mutate(
      { teamId, name: String(form.get('name') ?? ''), description: String(form.get('description') ?? '') || undefined },
      { onSuccess: () => formElement.reset() },
    );
  }

  if (models.isPending) return <p>Loading…</p>;
  if (models.isError) return <ErrorMessage>{models.error.message}</ErrorMessage>;
  const { team } = models.data;
  const rows = team.registeredModels.edges.map((edge) => edge.node);
  const waiting = models.data.transitionRequestsAwaitingMe.filter((request) => request.model.team.id === team.id);

  return (
    <>
      {waiting.length > 0 && (
        <p className="notice" role="status">
          {waiting.length === 1 ? 'A request is' : `${waiting.length} requests are`} waiting for your decision:{' '}
          {[...new Map(waiting.map((r) => [r.model.id, r.model])).values()].map((model, i) => (
            <span key={model.id}>
              {i > 0 && ', '}
              <Link href={`${modelPath(teamSlug, model.id)}#requests`}>{model.name}</Link>
            </span>
          ))}
        </p>
      )}
      <div style={{ display: 'flex', gap: '1rem', alignItems: 'end', flexWrap: 'wrap', justifyContent: 'space-between' }}>
        <label style={{ minWidth: '16rem' }}>
          Find a model
          <input type="search" placeholder="name contains…" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        {canWrite && (
          <form className="inline" onSubmit={onCreate} aria-label="Create registered model">
            <label>
              New model name
              <input name="name" required maxLength={256} />
            </label>
            <label>
              Description
              <input name="description" />
            </label>
            <button type="submit" disabled={create.isPending}>
              Create model
            </button>
          </form>
        )}
      </div>
      {create.isError && <ErrorMessage>{create.error.message}</ErrorMessage>}
      {rows.length === 0 ? (
        <p className="muted">
          {search ? 'No model matches.' : 'No registered models yet. Register one with mlflow.register_model("runs:/<run_id>/model", "<name>").'}
        </p>
      ) : (
        <table aria-label="Registered models" style={{ marginTop: '1rem' }}>
          <thead>
            <tr>
              <th>Model</th>
              <th>In Production</th>
              <th>Latest versions</th>
              <th>Aliases</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((model) => (
              <tr key={model.id}>
                <td>
                  <Link href={modelPath(teamSlug, model.id)}>
                    <strong>{model.name}</strong>
                  </Link>
                  {model.description && <div className="muted">{model.description}</div>}
                </td>
                <td>
                  {model.productionVersion ? (
                    <Link href={versionPath(teamSlug, model.id, model.productionVersion.version)}>v{model.productionVersion.version}</Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  {model.latestVersions.length === 0 && <span className="muted">no versions</span>}
                  {model.latestVersions.map((v) => (
                    <span key={v.stage} style={{ marginRight: '0.4rem' }}>
                      <Link href={versionPath(teamSlug, model.id, v.version)}>v{v.version}</Link> <StageBadge stage={v.stage} />
                    </span>
                  ))}
                </td>
                <td>
                  {model.aliases.map((a) => (
                    <span key={a.alias}>
                      <AliasBadge alias={a.alias} protectedAlias={a.protected} />
                      <span className="muted" style={{ marginRight: '0.4rem' }}>
                        v{a.version.version}
                      </span>
                    </span>
                  ))}
                </td>
                <td title={new Date(model.updatedAt).toLocaleString()}>{timeAgo(model.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {team.registeredModels.pageInfo.hasNextPage && <p className="muted">Showing the first 200 models: narrow the search to find others.</p>}
    </>
  );
}
