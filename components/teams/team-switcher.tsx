'use client';
// Switch between the teams the signed-in user belongs to.
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { graphqlRequest } from '../graphql-request';

type ViewerTeams = { viewer: { teams: { role: string; team: { id: string; slug: string; name: string } }[] } };

export function TeamSwitcher({ current }: { current?: string }) {
  const router = useRouter();
  const viewer = useQuery({
    queryKey: ['viewer'],
    queryFn: () =>
      graphqlRequest<ViewerTeams>(`query ViewerTeams { viewer { teams { role team { id slug name } } } }`),
  });
  const teams = viewer.data?.viewer.teams ?? [];
  return (
    <select
      aria-label="Team"
      value={current ?? ''}
      onChange={(event) => router.push(event.target.value ? `/t/${event.target.value}/projects` : '/teams/new')}
    >
      {!current && <option value="">Choose a team…</option>}
      {teams.map(({ team }) => (
        <option key={team.id} value={team.slug}>
          {team.name}
        </option>
      ))}
      <option value="">+ New team</option>
    </select>
  );
}
