import { TopBar } from '@/components/top-bar';
import { AccountSettings } from '@/components/account/account-settings';
import { requireUser } from '@/components/server/require-user';

export default async function AccountPage() {
  const principal = await requireUser('/account');
  return (
    <>
      <TopBar />
      <main>
        <h1>Your account</h1>
        <p className="muted">Signed in as {principal.email}</p>
        <AccountSettings email={principal.email} />
      </main>
    </>
  );
}
