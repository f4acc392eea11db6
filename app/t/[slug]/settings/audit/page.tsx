import { notFound } from 'next/navigation';
import { TopBar } from '@/components/top-bar';
import { AuditLog } from '@/components/audit/audit-log';
import { requireTeamPage } from '@/components/server/require-user';
import { PageHeader } from '@/components/ui/page-header';

export default async function TeamAuditPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { team, role } = await requireTeamPage(slug, `/t/${slug}/settings/audit`);
  // Admins and owners read the trail; for anyone else there is no such page.
  if (role !== 'ADMIN' && role !== 'OWNER') notFound();
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main className="wide">
        <PageHeader crumbs={[{ label: 'Team settings', href: `/t/${team.slug}/settings` }]} title="Audit log">
          <p className="muted" style={{ margin: '4px 0 0' }}>
            Who did what in {team.name}, from where: sign-ins of its members, tokens, roles, removals, deletions and purges.
            Events are kept for good and cannot be edited or deleted.
          </p>
        </PageHeader>
        <AuditLog teamId={team.id} />
      </main>
    </>
  );
}
