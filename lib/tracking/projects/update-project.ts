// Rename a project and/or change its description (MLflow update-experiment renames).
import { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { badInput } from '../../errors.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { requireProjectId } from './get-project.ts';
import { loadProjectFor } from './load-project-for.ts';
import { projectNameConflict, projectNameSchema } from './project-input.ts';
import { projectViewInclude, toProjectView, type ProjectView } from './project-view.ts';

const updateProjectInput = z.object({
  projectId: z.union([z.string(), z.bigint()]),
  name: projectNameSchema.optional(),
  description: z.string().max(10_000).nullish(),
});

export type UpdateProjectInput = z.input<typeof updateProjectInput>;

export async function updateProject(principal: Principal, input: UpdateProjectInput): Promise<ProjectView> {
  const { projectId, name, description } = parseInput(updateProjectInput, input);
  const project = await loadProjectFor(principal, requireProjectId(principal, projectId, 'project:write'), 'project:write');
  if (project.lifecycleStage !== 'ACTIVE') {
    throw badInput(`Cannot rename a non-active experiment '${project.id}'`);
  }
  try {
    const row = await db.project.update({
      where: { id: project.id },
      data: {
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
      },
      include: projectViewInclude,
    });
    return toProjectView(row);
  } catch (error) {
    throw projectNameConflict(error, name);
  }
}
