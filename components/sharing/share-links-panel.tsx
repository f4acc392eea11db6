'use client';
// Team settings: every share link of the team, who made it, when, what it shows, how often
// it was opened, and whether it still works. Anyone who may share may revoke.
import { useMutation } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql-request';
import { useTeamQuery } from '../teams/use-team-query';

type Link = {
  id: string;
  targetType: string;
  targetId: string;
  targetLabel: string | null;
  /** The target's page; null when it is gone. */
  targetPath: string | null;
  createdBy: { email: string; name: string | null } | null;
  createdAt: string;
  expiresAt: string | null;
  includeComments: boolean;
  allowArtifacts: boolean;
  openCount: number;
  lastOpenedAt: string | null;
  state: 'ACTIVE' | 'REVOKED' | 'EXPIRED';
};
type Data = { team: { shareLinks: Link[] } };

const LINKS = `query ShareLinks($slug: String!) {
  team(slug: $slug) { shareLinks { id targetType targetId targetLabel targetPath createdBy { email name } createdAt expiresAt includeComments allowArtifacts openCount lastOpenedAt state } }
}`;

const TARGET_WORDS: Record<string, string> = { RUN: 'run', COMPARISON: 'comparison', MODEL_VERSION: 'model version' };

const date = (value: string | null) => (value ? new Date(value).toLocaleString() : '');

export function ShareLinksPanel({ teamSlug }: { teamSlug: string }) {
  const [links, refresh] = useTeamQuery<Data>('share-links', LINKS, teamSlug);
  const revoke = useMutation({
    mutationFn: (id: string) => graphqlRequest(`mutation Revoke($id: ID!) { revokeShareLink(id: $id) { id } }`, { id }),
    onSettled: refresh,
  });
  const rows = links.data?.team.shareLinks ?? [];
  return (
    <section>
      <h2>Share links</h2>
      <p className="muted">
        Read-only links to one run, saved comparison or model version, for people outside the team. Create them with Share… on a run, a comparison or a
        version.
      </p>
      {links.isError && <p className="error">{links.error.message}</p>}
      {rows.length === 0 ? (
        <p className="muted">No share links yet.</p>
      ) : (
        <table data-testid="share-links">
          <thead>
            <tr>
              <th>Shows</th>
              <th>Created by</th>
              <th>Created</th>
              <th>Expires</th>
              <th>Includes</th>
              <th>Opened</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((link) => (
              <tr key={link.id}>
                <td>
                  {link.targetPath ? <a href={link.targetPath}>{link.targetLabel}</a> : <span className="muted">(deleted)</span>}{' '}
                  <span className="muted">{TARGET_WORDS[link.targetType] ?? 'run'}</span>
                </td>
                <td>{link.createdBy ? link.createdBy.name || link.createdBy.email : ''}</td>
                <td>{date(link.createdAt)}</td>
                <td>{link.expiresAt ? date(link.expiresAt) : 'never'}</td>
                <td className="muted">{[link.includeComments && 'comments', link.allowArtifacts && 'artifacts'].filter(Boolean).join(', ') || 'view only'}</td>
                <td>
                  {link.openCount} {link.openCount === 1 ? 'time' : 'times'}
                  {link.lastOpenedAt && <div className="muted">last {date(link.lastOpenedAt)}</div>}
                </td>
                <td>
                  {link.state === 'ACTIVE' ? (
                    <button className="danger" onClick={() => revoke.mutate(link.id)} disabled={revoke.isPending}>
                      Revoke
                    </button>
                  ) : (
                    <span className="muted">{link.state.toLowerCase()}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.isError && <p className="error" role="alert">{revoke.error.message}</p>}
    </section>
  );
}
