import { TopBar } from '@/components/top-bar';
import { InboxList } from '@/components/inbox/inbox-list';
import { requireUser } from '@/components/server/require-user';

export default async function InboxPage() {
  await requireUser('/inbox');
  return (
    <>
      <TopBar />
      <main>
        <InboxList />
      </main>
    </>
  );
}
