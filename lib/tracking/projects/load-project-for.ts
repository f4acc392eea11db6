// Load one project for a principal about to do `action` on it. Missing and another
// team's project both answer NOT_FOUND, as every team-owned row does.
import { authorizeRow, type Action, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { projectViewInclude, toProjectView, type ProjectView } from './project-view.ts';

export async function loadProjectFor(principal: Principal, projectId: bigint, action: Action): Promise<ProjectView> {
  const row = await db.project.findUnique({ where: { id: projectId }, include: projectViewInclude });
  authorizeRow(principal, action, row?.teamId, 'Experiment', projectId);
  return toProjectView(row!);
}
