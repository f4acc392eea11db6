import { TopBar } from '@/components/top-bar';
import { CreateTeamForm } from '@/components/teams/create-team-form';
import { requireUser } from '@/components/server/require-user';

export default async function NewTeamPage() {
  await requireUser('/teams/new');
  return (
    <>
      <TopBar />
      <main className="narrow">
        <h1>Create a team</h1>
        <p className="muted">Projects, runs and models belong to a team; you become its owner.</p>
        <CreateTeamForm />
      </main>
    </>
  );
}
