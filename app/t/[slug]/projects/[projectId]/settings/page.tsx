import { TopBar } from '@/components/top-bar';
import { RetentionSettings } from '@/components/retention/retention-settings';
import { requireProjectPage } from '@/components/server/require-user';
import { PageHeader } from '@/components/ui/page-header';

export default async function ProjectSettingsPage({ params }: { params: Promise<{ slug: string; projectId: string }> }) {
  const { slug, projectId } = await params;
  const { team, role, project } = await requireProjectPage(slug, projectId, `/t/${slug}/projects/${projectId}/settings`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <PageHeader
          crumbs={[
            { label: 'Projects', href: `/t/${team.slug}/projects` },
            { label: project.name, href: `/t/${team.slug}/projects/${project.id}` },
          ]}
          title="Project settings"
          meta={<span>{project.name}</span>}
        />
        <RetentionSettings projectId={String(project.id)} teamSlug={team.slug} canManage={role === 'ADMIN' || role === 'OWNER'} />
      </main>
    </>
  );
}
