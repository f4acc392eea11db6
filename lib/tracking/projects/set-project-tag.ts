// Set (last write wins) or delete one tag of a project.
import { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { badInput } from '../../errors.ts';
import { requireProjectId } from './get-project.ts';
import { loadProjectFor } from './load-project-for.ts';
import { projectTagSchema } from './project-input.ts';
import { parseInput } from '../../validation/parse-input.ts';

const setProjectTagInput = projectTagSchema.extend({ projectId: z.union([z.string(), z.bigint()]) });

export async function setProjectTag(
  principal: Principal,
  input: { projectId: string | bigint; key: string; value?: string },
): Promise<void> {
  const { projectId, key, value } = parseInput(setProjectTagInput, input);
  const project = await loadProjectFor(principal, requireProjectId(principal, projectId, 'project:write'), 'project:write');
  if (project.lifecycleStage !== 'ACTIVE') throw badInput(`Experiment '${project.id}' must be active to set tags`);
  await db.$transaction([
    db.projectTag.upsert({
      where: { projectId_key: { projectId: project.id, key } },
      create: { projectId: project.id, key, value },
      update: { value },
    }),
    db.project.update({ where: { id: project.id }, data: { updatedAt: new Date() } }),
  ]);
}
