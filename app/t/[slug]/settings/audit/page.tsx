import { notFound } from 'next/navigation';
import Link from 'next/link';
import { TopBar } from '@/components/top-bar';
import { AuditLog } from '@/components/audit/audit-log';
import { requireTeamPage } from '@/components/server/require-user';

export default async function TeamAuditPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { team, role } = await requireTeamPage(slug, `/t/${slug}/settings/audit`);
  // Admins and owners read the trail; for anyone else there is no such page.
  if (role !== 'ADMIN' && role !== 'OWNER') notFound();
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <p className="muted">
          <Link href={`/t/${team.slug}/settings`}>← {team.name} settings</Link>
        </p>
        <h1>Audit log</h1>
        <p className="muted">
          Who did what in {team.name}, from where: sign-ins of its members, tokens, roles, removals, deletions and purges.
          Events are kept for good and cannot be edited or deleted.
        </p>
        <AuditLog teamId={team.id} />
      </main>
    </>
  );
}
