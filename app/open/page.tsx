// Where MLflow's printed links end up: /open?to=/experiments/1/runs/<id>, /models/<name>/versions/<n>
// (components/mlflow-link-redirect.tsx sends the URL fragment here). Signs the person in first, then opens
// the matching Cairn page, or a 404 for anything they may not read.
import { notFound, redirect } from 'next/navigation';
import { requireUser } from '@/components/server/require-user';
import { isAppError } from '@/lib/errors';
import { resolveMlflowLink } from '@/lib/tracking/resolve-mlflow-link';

export const dynamic = 'force-dynamic';

export default async function OpenMlflowLink({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  const raw = (await searchParams).to;
  const to = typeof raw === 'string' ? raw.slice(0, 1000) : '';
  const principal = await requireUser(`/open?to=${encodeURIComponent(to)}`);
  let target: string;
  try {
    target = await resolveMlflowLink(principal, to);
  } catch (error) {
    if (isAppError(error) && (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT')) notFound();
    throw error;
  }
  redirect(target);
}
