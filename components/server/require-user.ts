// Page guards: every signed-in page resolves the principal here and every team page
// resolves its team through lib/teams (authorization module); a team the user does
// not belong to is a 404, exactly like the APIs.
import { notFound, redirect } from 'next/navigation';
import { currentPrincipal } from '@/lib/identity/current-principal';
import { getTeam } from '@/lib/teams/get-team';
import { getProject } from '@/lib/tracking/projects/get-project';
import { loadRunFor } from '@/lib/tracking/runs/load-run-for';
import { isAppError } from '@/lib/errors';
import type { UserPrincipal } from '@/lib/authz';

export async function requireUser(returnTo: string): Promise<UserPrincipal> {
  const principal = await currentPrincipal();
  if (principal.kind !== 'user') redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return principal;
}

export async function requireTeamPage(slug: string, returnTo: string) {
  const principal = await requireUser(returnTo);
  try {
    const { team, role } = await getTeam(principal, { slug });
    return { principal, team, role };
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
}

/** A project page: the project must exist, be readable, and belong to the team in the URL. */
export async function requireProjectPage(slug: string, projectId: string, returnTo: string) {
  const context = await requireTeamPage(slug, returnTo);
  try {
    const project = await getProject(context.principal, { projectId });
    if (project.teamId !== context.team.id) notFound();
    return { ...context, project };
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
}

/** A run page: the run must exist, be readable, and belong to the team in the URL. */
export async function requireRunPage(slug: string, runId: string, returnTo: string) {
  const context = await requireTeamPage(slug, returnTo);
  try {
    const run = await loadRunFor(context.principal, runId, 'team:read');
    if (run.teamId !== context.team.id) notFound();
    return { ...context, run };
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
}
