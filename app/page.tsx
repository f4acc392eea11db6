import { redirect } from 'next/navigation';
import { listTeams } from '@/lib/teams/list-teams';
import { requireUser } from '@/components/server/require-user';

// Home: straight to the first team's projects, or to team creation for a new user.
export default async function HomePage() {
  const principal = await requireUser('/');
  const teams = await listTeams(principal);
  redirect(teams.length > 0 ? `/t/${teams[0].team.slug}/projects` : '/teams/new');
}
