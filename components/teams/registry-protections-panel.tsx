'use client';
// The team's protected stages and aliases: only admins move them; members request the move
// and an admin approves or rejects it. Admins add and remove protections here.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { graphqlRequest } from '../graphql-request';
import { useTeamQuery } from './use-team-query';

type Protection = { stage: string | null; alias: string | null; createdAt: string; createdBy: { email: string } | null };
type ProtectionsData = { team: { id: string; registryProtections: Protection[] } };

const PROTECTIONS = `query TeamProtections($slug: String!) {
  team(slug: $slug) { id registryProtections { stage alias createdAt createdBy { email } } }
}`;

const STAGE_LABELS: Record<string, string> = { STAGING: 'Staging', PRODUCTION: 'Production', ARCHIVED: 'Archived' };

export function RegistryProtectionsPanel({ teamSlug, canManage }: { teamSlug: string; canManage: boolean }) {
  const [protections, refresh] = useTeamQuery<ProtectionsData>('registry-protections', PROTECTIONS, teamSlug);
  const [kind, setKind] = useState<'stage' | 'alias'>('stage');
  const change = useMutation({
    mutationFn: (input: { teamId: string; stage?: string; alias?: string; protected: boolean }) =>
      graphqlRequest(`mutation Protect($input: SetRegistryProtectionInput!) { setRegistryProtection(input: $input) { stage alias } }`, { input }),
    onSettled: refresh,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const teamId = protections.data?.team.id;
    if (!teamId) return;
    const form = new FormData(event.currentTarget);
    const value = String(form.get('value') ?? '').trim();
    if (value) change.mutate({ teamId, ...(kind === 'stage' ? { stage: value } : { alias: value }), protected: true });
  }

  const rows = protections.data?.team.registryProtections ?? [];
  return (
    <section aria-label="Registry protections">
      <h2>Model registry: protected stages and aliases</h2>
      <p className="muted">Only admins move a protected stage or alias; members request the move and an admin approves or rejects it.</p>
      {protections.isError && <p className="error">{protections.error.message}</p>}
      {change.isError && (
        <p className="error" role="alert">
          {change.error.message}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">Nothing is protected.</p>
      ) : (
        <ul>
          {rows.map((row) => {
            const label = row.stage ? STAGE_LABELS[row.stage] : `@${row.alias}`;
            return (
              <li key={label}>
                <strong>{label}</strong>
                <span className="muted"> since {new Date(row.createdAt).toLocaleDateString()}{row.createdBy && ` (${row.createdBy.email})`}</span>{' '}
                {canManage && (
                  <button
                    className="secondary"
                    onClick={() =>
                      change.mutate({ teamId: protections.data!.team.id, ...(row.stage ? { stage: row.stage } : { alias: row.alias! }), protected: false })
                    }
                  >
                    Unprotect {label}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canManage && (
        <form className="inline" onSubmit={onSubmit} aria-label="Protect a stage or alias">
          <label>
            Protect
            <select value={kind} onChange={(event) => setKind(event.target.value as 'stage' | 'alias')}>
              <option value="stage">a stage</option>
              <option value="alias">an alias</option>
            </select>
          </label>
          {kind === 'stage' ? (
            <label>
              Stage
              <select name="value" defaultValue="PRODUCTION">
                {Object.entries(STAGE_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label>
              Alias
              <input name="value" placeholder="champion" maxLength={255} />
            </label>
          )}
          <button type="submit" disabled={change.isPending || !protections.data}>
            Protect
          </button>
        </form>
      )}
    </section>
  );
}
