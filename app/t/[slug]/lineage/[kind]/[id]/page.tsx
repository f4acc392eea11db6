import Link from 'next/link';
import { TopBar } from '@/components/top-bar';
import { LineageGraph } from '@/components/lineage/lineage-graph';
import { requireLineagePage } from '@/components/server/require-user';
import { lineageNodePath } from '@/lib/lineage/node-paths';

export default async function LineagePage({ params }: { params: Promise<{ slug: string; kind: string; id: string }> }) {
  const { slug, kind, id } = await params;
  const nodeId = `${kind}:${decodeURIComponent(id)}`;
  const { team, node } = await requireLineagePage(slug, nodeId, `/t/${slug}/lineage/${kind}/${id}`);
  const page = lineageNodePath(team.slug, node);
  return (
    <>
      <TopBar teamSlug={team.slug} />
      <main style={{ maxWidth: 'none' }}>
        <p className="muted" style={{ marginBottom: 0 }}>
          Lineage of {node.detail?.split(' · ')[0] ?? 'node'}
        </p>
        <h1 style={{ marginTop: '0.2rem' }}>
          {node.label} {page && <Link href={page} style={{ fontSize: '0.9rem', fontWeight: 400 }}>open its page</Link>}
        </h1>
        <p className="muted">
          Where it came from (left) and what came from it (right). Click a node to open it; the ‹ › buttons load one more level. Global id <code>{node.key}</code>.
        </p>
        <LineageGraph nodeId={node.key} />
      </main>
    </>
  );
}
