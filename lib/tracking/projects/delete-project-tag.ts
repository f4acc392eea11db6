// Delete one tag of a project; a missing tag is RESOURCE_DOES_NOT_EXIST, as MLflow says.
import type { Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { AppError, badInput } from '../../errors.ts';
import { requireProjectId } from './get-project.ts';
import { loadProjectFor } from './load-project-for.ts';

export async function deleteProjectTag(principal: Principal, input: { projectId: string | bigint; key: string }): Promise<void> {
  if (typeof input.key !== 'string' || input.key === '') throw badInput("Missing value for required parameter 'key'");
  const project = await loadProjectFor(principal, requireProjectId(principal, input.projectId, 'project:write'), 'project:write');
  if (project.lifecycleStage !== 'ACTIVE') throw badInput(`Experiment '${project.id}' must be active to delete tags`);
  const { count } = await db.projectTag.deleteMany({ where: { projectId: project.id, key: input.key } });
  if (count === 0) {
    throw new AppError('NOT_FOUND', `No tag with name: ${input.key} in experiment with id ${project.id}`);
  }
  await db.project.update({ where: { id: project.id }, data: { updatedAt: new Date() } });
}
