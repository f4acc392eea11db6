// Page guards: every signed-in page resolves the principal here and reaches its team,
// project or run through the domain use cases (the authorization module); anything of a
// team the user does not belong to, or not of the team in the URL, is a 404 like the APIs.
import { notFound, redirect } from 'next/navigation';
import { currentPrincipal } from '@/lib/identity/current-principal';
import { getTeam } from '@/lib/teams/get-team';
import { getProject } from '@/lib/tracking/projects/get-project';
import { loadRunFor } from '@/lib/tracking/runs/load-run-for';
import { loadModelFor, loadVersionFor } from '@/lib/registry/load-registry-rows';
import { loadLineageNodeFor } from '@/lib/lineage/traverse-lineage';
import { tryParseNodeKey } from '@/lib/lineage/node-key';
import { loadDatasetFor } from '@/lib/lineage/dataset-usage';
import { isAppError } from '@/lib/errors';
import type { UserPrincipal } from '@/lib/authz';
import { invalidateUserPrincipals } from '@/lib/authz/principal-cache';

export async function requireUser(returnTo: string): Promise<UserPrincipal> {
  const principal = await currentPrincipal();
  if (principal.kind !== 'user') redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return principal;
}

/** NOT_FOUND from a use case becomes the 404 page. */
async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
}

export async function requireTeamPage(slug: string, returnTo: string) {
  let principal = await requireUser(returnTo);
  let found = await getTeam(principal, { slug }).catch(notFoundAsNull);
  if (!found) {
    // Someone added to the team a moment ago may reach a server process whose cached principal
    // has not heard of it yet (the NOTIFY is on its way): ask the database once before a 404.
    invalidateUserPrincipals([principal.userId]);
    principal = await requireUser(returnTo);
    found = await orNotFound(() => getTeam(principal, { slug }));
  }
  return { principal, team: found.team, role: found.role };
}

function notFoundAsNull(error: unknown): null {
  if (isAppError(error) && error.code === 'NOT_FOUND') return null;
  throw error;
}

/** A project page: the project must be readable and belong to the team in the URL. */
export async function requireProjectPage(slug: string, projectId: string, returnTo: string) {
  const context = await requireTeamPage(slug, returnTo);
  const project = await orNotFound(() => getProject(context.principal, { projectId }));
  if (project.teamId !== context.team.id) notFound();
  return { ...context, project };
}

/** A run page: the run must be readable and belong to the team in the URL. */
export async function requireRunPage(slug: string, runId: string, returnTo: string) {
  const context = await requireTeamPage(slug, returnTo);
  const run = await orNotFound(() => loadRunFor(context.principal, runId, 'team:read'));
  if (run.teamId !== context.team.id) notFound();
  return { ...context, run };
}

/** A registered model's page: the model must be readable and belong to the team in the URL. */
export async function requireModelPage(slug: string, modelId: string, returnTo: string) {
  const context = await requireTeamPage(slug, returnTo);
  const model = await orNotFound(() => loadModelFor(context.principal, { modelId }, 'team:read'));
  if (model.teamId !== context.team.id) notFound();
  return { ...context, model };
}

/** A model version's page, by the model's id and the version number. */
export async function requireModelVersionPage(slug: string, modelId: string, version: string, returnTo: string) {
  const context = await requireModelPage(slug, modelId, returnTo);
  if (!/^\d{1,9}$/.test(version)) notFound();
  const found = await orNotFound(() => loadVersionFor(context.principal, { teamId: context.team.id, name: context.model.name, version }, 'team:read'));
  return { ...context, version: found };
}

/** A lineage page: the node (by global id) must be readable and of the team in the URL. */
export async function requireLineagePage(slug: string, nodeId: string, returnTo: string) {
  const context = await requireTeamPage(slug, returnTo);
  if (!tryParseNodeKey(nodeId)) notFound();
  const node = await orNotFound(() => loadLineageNodeFor(context.principal, nodeId));
  if (node.teamId !== context.team.id) notFound();
  return { ...context, node };
}

/** A dataset's page. */
export async function requireDatasetPage(slug: string, datasetId: string, returnTo: string) {
  const context = await requireTeamPage(slug, returnTo);
  const dataset = await orNotFound(() => loadDatasetFor(context.principal, datasetId));
  if (dataset.teamId !== context.team.id) notFound();
  return { ...context, dataset };
}
