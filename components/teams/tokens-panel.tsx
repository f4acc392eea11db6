'use client';
// API tokens for programs (MLFLOW_TRACKING_TOKEN): shown once at creation, stored hashed.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { graphqlRequest } from '../graphql-request';
import { useTeamQuery } from './use-team-query';
import { ShownOnce } from './shown-once';

type Token = {
  id: string;
  name: string;
  scope: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  user: { email: string } | null;
};
type TokensData = { team: { id: string; apiTokens: Token[] } };

const TOKENS = `query TeamTokens($slug: String!) {
  team(slug: $slug) { id apiTokens { id name scope prefix createdAt lastUsedAt revokedAt user { email } } }
}`;

export function TokensPanel({ teamSlug, canWrite }: { teamSlug: string; canWrite: boolean }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [tokens, refresh] = useTeamQuery<TokensData>('tokens', TOKENS, teamSlug);
  const create = useMutation({
    mutationFn: (input: { teamId: string; name: string; scope: string }) =>
      graphqlRequest<{ createApiToken: { token: string } }>(
        `mutation CreateToken($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`,
        { input },
      ),
    onSuccess: (data) => {
      setSecret(data.createApiToken.token);
      void refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => graphqlRequest(`mutation RevokeToken($id: ID!) { revokeApiToken(id: $id) }`, { id }),
    onSettled: refresh,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const teamId = tokens.data?.team.id;
    if (!teamId) return;
    create.mutate({ teamId, name: String(form.get('name') ?? ''), scope: String(form.get('scope')) });
  }

  return (
    <section>
      <h2>API tokens</h2>
      <p className="muted">
        For training scripts: <code>MLFLOW_TRACKING_URI</code> = this server, <code>MLFLOW_TRACKING_TOKEN</code> = a token.
      </p>
      <form className="inline" onSubmit={onSubmit} aria-label="Create token">
        <label>
          Token name
          <input name="name" required maxLength={100} />
        </label>
        <label>
          Scope
          <select name="scope" defaultValue={canWrite ? 'WRITE' : 'READ'}>
            <option value="READ">read</option>
            {canWrite && <option value="WRITE">write</option>}
          </select>
        </label>
        <button type="submit" disabled={create.isPending || !tokens.data?.team.id}>
          Create token
        </button>
      </form>
      {create.isError && <p className="error" role="alert">{create.error.message}</p>}
      <ShownOnce message="Copy this token now. It will not be shown again." value={secret} testId="new-token" />
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Owner</th>
            <th>Scope</th>
            <th>Token</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.data?.team.apiTokens.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>{token.user?.email}</td>
              <td>{token.scope.toLowerCase()}</td>
              <td>
                <code>{token.prefix}…</code>
              </td>
              <td>{token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString() : 'never'}</td>
              <td>
                {token.revokedAt ? (
                  <span className="muted">revoked</span>
                ) : (
                  <button className="danger" onClick={() => revoke.mutate(token.id)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
