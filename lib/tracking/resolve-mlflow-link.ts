// MLflow prints links to its own UI ("View run at http://<server>/#/experiments/1/runs/<id>",
// "View experiment at .../#/experiments/1"). Pointed at Cairn they land on its home page with
// the path in the URL fragment; this finds the Cairn page the fragment means, for the signed-in
// person: a run's page, a project's page, a registered model's or model version's page
// (`#/models/<name>`, `#/models/<name>/versions/<n>`: the name is the team's own, so the person's
// teams are tried in order, by name, and the first that has it wins). Anything the person may not
// read is NOT_FOUND, like everywhere else.
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { isAppError, notFound } from '../errors.ts';
import { loadModelFor, loadVersionFor } from '../registry/load-registry-rows.ts';
import { listTeams } from '../teams/list-teams.ts';
import { ensureDefaultProject, DEFAULT_EXPERIMENT_ID } from './projects/ensure-default-project.ts';
import { getProject } from './projects/get-project.ts';
import { loadRunFor } from './runs/load-run-for.ts';

const RUN_LINK = /^\/experiments\/([^/?#]+)\/runs\/([^/?#]+)(?:[/?#].*)?$/;
const EXPERIMENT_LINK = /^\/experiments\/([^/?#]+)\/?(?:[?#].*)?$/;
const MODEL_LINK = /^\/models\/([^/?#]+)(?:\/versions\/([^/?#]+))?\/?(?:[?#].*)?$/;

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
  const model = MODEL_LINK.exec(path);
  if (model) return modelPage(principal, decodeSegment(model[1]), model[2]);
  throw notFound('Page', path);
}

/** MLflow's UI percent-encodes model names in its links. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The page of the model `name` (or of its version `version`) in the first of the person's teams that has it. */
async function modelPage(principal: Principal, name: string, version: string | undefined): Promise<string> {
  for (const { team } of await listTeams(principal)) {
    try {
      if (version === undefined) return `/t/${team.slug}/models/${(await loadModelFor(principal, { teamId: team.id, name }, 'team:read')).id}`;
      const found = await loadVersionFor(principal, { teamId: team.id, name, version }, 'team:read');
      return `/t/${team.slug}/models/${found.modelId}/versions/${found.version}`;
    } catch (error) {
      if (!isAppError(error) || error.code !== 'NOT_FOUND') throw error;
    }
  }
  throw notFound('Registered model', name);
}
