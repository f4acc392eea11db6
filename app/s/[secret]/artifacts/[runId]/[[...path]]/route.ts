// Artifact downloads from a share link's page (see shareDownload).
import { shareDownload } from '@/lib/tracking/artifacts/artifact-http.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ secret: string }> }) {
  return shareDownload(request, (await params).secret);
}
