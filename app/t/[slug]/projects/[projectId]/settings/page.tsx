import Link from 'next/link';
import { TopBar } from '@/components/top-bar';
import { RetentionSettings } from '@/components/retention/retention-settings';
import { requireProjectPage } from '@/components/server/require-user';

export default async function ProjectSettingsPage({ params }: { params: Promise<{ slug: string; projectId: string }> }) {
  const { slug, projectId } = await params;
  const { team, role, project } = await requireProjectPage(slug, projectId, `/t/${slug}/projects/${projectId}/settings`);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main>
        <p className="muted">
          <Link href={`/t/${team.slug}/projects/${project.id}`}>← {project.name}</Link>
        </p>
        <h1>{project.name}: settings</h1>
        <RetentionSettings projectId={String(project.id)} teamSlug={team.slug} canManage={role === 'ADMIN' || role === 'OWNER'} />
      </main>
    </>
  );
}
