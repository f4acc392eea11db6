import { AcceptInvite } from '@/components/teams/accept-invite';
import { currentPrincipal } from '@/lib/identity/current-principal';

// Public: anyone holding the link sees which team invites them; joining needs an account.
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const principal = await currentPrincipal();
  return (
    <main className="narrow">
      <h1>Team invitation</h1>
      <AcceptInvite token={token} signedIn={principal.kind === 'user'} />
    </main>
  );
}
