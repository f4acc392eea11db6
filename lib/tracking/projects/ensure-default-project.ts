// The team's "Default" project, which MLflow clients address as experiment "0". Created on
// first use by anyone who can read the team (it holds no data of its own until runs land).
// Race-safe: concurrent first calls converge on one row through the (team, name) unique key.
import { authorize, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { isUniqueViolation } from '../../errors.ts';
import { defaultArtifactLocation, nextProjectId } from './create-project.ts';
import { projectViewInclude, toProjectView, type ProjectView } from './project-view.ts';

export const DEFAULT_PROJECT_NAME = 'Default';
/** The MLflow experiment id of every team's default project. */
export const DEFAULT_EXPERIMENT_ID = '0';

async function findDefault(teamId: string) {
  return db.project.findFirst({ where: { teamId, isDefault: true }, include: projectViewInclude, orderBy: { id: 'asc' } });
}

export async function ensureDefaultProject(principal: Principal, teamId: string): Promise<ProjectView> {
  authorize(principal, 'team:read', teamId);
  const existing = await findDefault(teamId);
  if (existing) return toProjectView(existing);
  const id = await nextProjectId();
  try {
    // A project someone already named "Default" becomes the default rather than failing.
    const row = await db.project.upsert({
      where: { teamId_name: { teamId, name: DEFAULT_PROJECT_NAME } },
      create: { id, teamId, name: DEFAULT_PROJECT_NAME, isDefault: true, artifactLocation: defaultArtifactLocation(id) },
      update: { isDefault: true },
      include: projectViewInclude,
    });
    return toProjectView(row);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findDefault(teamId);
    if (!winner) throw error;
    return toProjectView(winner);
  }
}
