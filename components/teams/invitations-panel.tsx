'use client';
// Invite people by link: the link is shown once (only its hash is stored).
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { graphqlRequest } from '../graphql-request';
import { useTeamQuery } from './use-team-query';
import { ShownOnce } from './shown-once';
import { ROLES, roleLabel } from './roles';

type Invitation = { id: string; email: string | null; role: string; expiresAt: string; state: string };
type InvitationsData = { team: { id: string; invitations: Invitation[] } };

const INVITATIONS = `query TeamInvitations($slug: String!) {
  team(slug: $slug) { id invitations { id email role expiresAt state } }
}`;

export function InvitationsPanel({ teamSlug, canGrantOwner }: { teamSlug: string; canGrantOwner: boolean }) {
  const [link, setLink] = useState<string | null>(null);
  const [invitations, refresh] = useTeamQuery<InvitationsData>('invitations', INVITATIONS, teamSlug);
  const create = useMutation({
    mutationFn: (input: { teamId: string; role: string; email?: string }) =>
      graphqlRequest<{ createInvitation: { url: string } }>(
        `mutation Invite($input: CreateInvitationInput!) { createInvitation(input: $input) { url } }`,
        { input },
      ),
    onSuccess: (data) => {
      setLink(new URL(data.createInvitation.url, window.location.origin).toString());
      void refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (invitationId: string) =>
      graphqlRequest(`mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) }`, { id: invitationId }),
    onSettled: refresh,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const teamId = invitations.data?.team.id;
    if (!teamId) return;
    const email = String(form.get('email') ?? '').trim();
    create.mutate({ teamId, role: String(form.get('role')), email: email || undefined });
  }

  return (
    <section>
      <h2>Invitations</h2>
      <form className="inline" onSubmit={onSubmit} aria-label="Invite">
        <label>
          Email (optional)
          <input name="email" type="email" />
        </label>
        <label>
          Role
          <select name="role" defaultValue="MEMBER">
            {ROLES.filter((role) => role !== 'OWNER' || canGrantOwner).map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={create.isPending || !invitations.data?.team.id}>
          Create invite link
        </button>
      </form>
      {create.isError && <p className="error" role="alert">{create.error.message}</p>}
      <ShownOnce message="Send this link to the person you invite. It is shown only once." value={link} testId="invite-link" />
      <table>
        <thead>
          <tr>
            <th>Email</th>
            <th>Role</th>
            <th>Expires</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {invitations.data?.team.invitations.map((invitation) => (
            <tr key={invitation.id}>
              <td>{invitation.email ?? <span className="muted">anyone with the link</span>}</td>
              <td>{roleLabel(invitation.role)}</td>
              <td>{new Date(invitation.expiresAt).toLocaleString()}</td>
              <td>{invitation.state.toLowerCase()}</td>
              <td>
                {invitation.state.toUpperCase() === 'PENDING' && (
                  <button className="danger" onClick={() => revoke.mutate(invitation.id)}>
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
