// Read one project by id (deleted ones too, as MLflow's get-experiment does).
import { authorizeRow, type Action, type Principal } from '../../authz/index.ts';
import { loadProjectFor } from './load-project-for.ts';
import { parseProjectId, type ProjectView } from './project-view.ts';

/** A project id from the wire, or NOT_FOUND (UNAUTHENTICATED for anonymous) when it cannot name one. */
export function requireProjectId(principal: Principal, projectId: string | bigint, action: Action): bigint {
  const id = parseProjectId(projectId);
  if (id === null) authorizeRow(principal, action, null, 'Experiment', String(projectId));
  return id!;
}

export async function getProject(principal: Principal, input: { projectId: string | bigint }): Promise<ProjectView> {
  return loadProjectFor(principal, requireProjectId(principal, input.projectId, 'team:read'), 'team:read');
}
