import Link from 'next/link';
import { TopBar } from '@/components/top-bar';
import { MembersPanel } from '@/components/teams/members-panel';
import { InvitationsPanel } from '@/components/teams/invitations-panel';
import { TokensPanel } from '@/components/teams/tokens-panel';
import { RegistryProtectionsPanel } from '@/components/teams/registry-protections-panel';
import { ShareLinksPanel } from '@/components/sharing/share-links-panel';
import { StoragePanel } from '@/components/retention/storage-panel';
import { requireTeamPage } from '@/components/server/require-user';

export default async function TeamSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { team, role, principal } = await requireTeamPage(slug, `/t/${slug}/settings`);
  const isAdmin = role === 'ADMIN' || role === 'OWNER';
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <h1>{team.name}: settings</h1>
        <p className="muted">
          Your role: {role.toLowerCase()} · team slug <code>{team.slug}</code>
          {isAdmin && (
            <>
              {' · '}
              <Link href={`/t/${team.slug}/settings/audit`}>Audit log</Link>
            </>
          )}
        </p>
        <MembersPanel teamSlug={team.slug} myRole={role} myUserId={principal.userId} />
        {isAdmin && <InvitationsPanel teamSlug={team.slug} canGrantOwner={role === 'OWNER'} />}
        <TokensPanel teamSlug={team.slug} canWrite={role !== 'VIEWER'} />
        <RegistryProtectionsPanel teamSlug={team.slug} canManage={isAdmin} />
        {role !== 'VIEWER' && <ShareLinksPanel teamSlug={team.slug} />}
        <StoragePanel teamSlug={team.slug} />
      </main>
    </>
  );
}
