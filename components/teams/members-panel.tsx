'use client';
import { useMutation } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql-request';
import { useTeamQuery } from './use-team-query';
import { ROLES, roleLabel } from './roles';

type Member = { role: string; user: { id: string; email: string; name: string | null } };
type MembersData = { team: { id: string; members: Member[] } };

const MEMBERS = `query TeamMembers($slug: String!) { team(slug: $slug) { id members { role user { id email name } } } }`;

export function MembersPanel({ teamSlug, myRole, myUserId }: { teamSlug: string; myRole: string; myUserId: string }) {
  const [members, refresh] = useTeamQuery<MembersData>('members', MEMBERS, teamSlug);
  const changeRole = useMutation({
    mutationFn: (input: { teamId: string; userId: string; role: string }) =>
      graphqlRequest(`mutation ChangeRole($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }`, {
        input,
      }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (input: { teamId: string; userId: string }) =>
      graphqlRequest(`mutation RemoveMember($input: RemoveMemberInput!) { removeMember(input: $input) }`, { input }),
    onSettled: refresh,
  });

  const canManage = myRole === 'ADMIN' || myRole === 'OWNER';
  const error = changeRole.error ?? remove.error;
  return (
    <section>
      <h2>Members</h2>
      {members.isError && <p className="error">{members.error.message}</p>}
      {error && <p className="error" role="alert">{error.message}</p>}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {members.data?.team.members.map((member) => (
            <tr key={member.user.id}>
              <td>{member.user.name}</td>
              <td>{member.user.email}</td>
              <td>
                {canManage ? (
                  <select
                    aria-label={`Role of ${member.user.email}`}
                    value={member.role}
                    onChange={(event) =>
                      changeRole.mutate({ teamId: members.data.team.id, userId: member.user.id, role: event.target.value })
                    }
                  >
                    {ROLES.filter((role) => role !== 'OWNER' || myRole === 'OWNER' || member.role === 'OWNER').map((role) => (
                      <option key={role} value={role}>
                        {roleLabel(role)}
                      </option>
                    ))}
                  </select>
                ) : (
                  roleLabel(member.role)
                )}
              </td>
              <td>
                {(canManage || member.user.id === myUserId) && (
                  <button
                    className="danger"
                    onClick={() => remove.mutate({ teamId: members.data.team.id, userId: member.user.id })}
                  >
                    {member.user.id === myUserId ? 'Leave' : 'Remove'}
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
