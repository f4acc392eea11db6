// MLflow prints links to its own UI ("View run at http://<server>/#/experiments/1/runs/<id>",
// "View experiment at .../#/experiments/1"). Pointed at Cairn they land on its home page with
// the path in the URL fragment; this finds the Cairn page the fragment means, for the signed-in
// person: a run's page, a project's page. Anything the person may not read is NOT_FOUND, like
// everywhere else. (`#/models/<name>/versions/<n>` joins here once the model registry lands.)
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { notFound } from '../errors.ts';
import { listTeams } from '../teams/list-teams.ts';
import { ensureDefaultProject, DEFAULT_EXPERIMENT_ID } from './projects/ensure-default-project.ts';
import { getProject } from './projects/get-project.ts';
import { loadRunFor } from './runs/load-run-for.ts';

const RUN_LINK = /^\/experiments\/([^/?#]+)\/runs\/([^/?#]+)(?:[/?#].*)?$/;
const EXPERIMENT_LINK = /^\/experiments\/([^/?#]+)\/?(?:[?#].*)?$/;

async function teamSlug(teamId: string): Promise<string> {
  const team = await db.team.findUniqueOrThrow({ where: { id: teamId }, select: { slug: true } });
  return team.slug;
}

/** The Cairn path for an MLflow UI path such as `/experiments/1/runs/<run id>`. */
export async function resolveMlflowLink(principal: Principal, mlflowPath: string): Promise<string> {
  const path = mlflowPath.startsWith('/') ? mlflowPath : `/${mlflowPath}`;
  const run = RUN_LINK.exec(path);
  if (run) {
    const [, experimentId, runId] = run;
    const row = await loadRunFor(principal, runId, 'team:read');
    // The run decides the team; the experiment in the link must be its project (or "0", the default).
    if (experimentId !== DEFAULT_EXPERIMENT_ID && experimentId !== String(row.projectId)) throw notFound('Run', runId);
    return `/t/${await teamSlug(row.teamId)}/runs/${row.id}`;
  }
  const experiment = EXPERIMENT_LINK.exec(path);
  if (experiment) {
    const [, experimentId] = experiment;
    if (experimentId === DEFAULT_EXPERIMENT_ID) {
      // Experiment "0" is each team's Default: the person's first team's.
      const [first] = await listTeams(principal);
      if (!first) throw notFound('Experiment', experimentId);
      const project = await ensureDefaultProject(principal, first.team.id);
      return `/t/${first.team.slug}/projects/${project.id}`;
    }
    const project = await getProject(principal, { projectId: experimentId });
    return `/t/${await teamSlug(project.teamId)}/projects/${project.id}`;
  }
  throw notFound('Page', path);
}
