// Read a team's project by name. MLflow prefers the active experiment when an active and
// a deleted one share a name; names are unique per team here, so there is at most one.
import { authorize, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { projectViewInclude, toProjectView, type ProjectView } from './project-view.ts';

export async function getProjectByName(principal: Principal, input: { teamId: string; name: string }): Promise<ProjectView> {
  authorize(principal, 'team:read', input.teamId);
  const row = await db.project.findUnique({
    where: { teamId_name: { teamId: input.teamId, name: input.name } },
    include: projectViewInclude,
  });
  if (!row) throw new AppError('NOT_FOUND', `Could not find experiment with name '${input.name}'`);
  return toProjectView(row);
}
