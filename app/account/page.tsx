import { TopBar } from '@/components/top-bar';
import { AccountSettings } from '@/components/account/account-settings';
import { requireUser } from '@/components/server/require-user';
import { PageHeader } from '@/components/ui/page-header';

export default async function AccountPage() {
  const principal = await requireUser('/account');
  return (
    <>
      <TopBar />
      <main>
        <PageHeader title="Your account" meta={<span>signed in as {principal.email}</span>} />
        <AccountSettings email={principal.email} />
      </main>
    </>
  );
}
