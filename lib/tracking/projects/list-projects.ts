// A team's projects, newest first, with cursor pagination (for GraphQL and pages).
import { z } from 'zod';
import { authorize, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { parseProjectId, projectViewInclude, toProjectView, type ProjectView } from './project-view.ts';

const listProjectsInput = z.object({
  teamId: z.string().min(1),
  includeDeleted: z.boolean().default(false),
  first: z.number().int().min(1).max(500).default(50),
  /** The `endCursor` of the previous page. */
  after: z.string().nullish(),
});

export type ListProjectsInput = z.input<typeof listProjectsInput>;
export type ProjectPage = { projects: ProjectView[]; hasNextPage: boolean; endCursor: string | null };

export async function listProjects(principal: Principal, input: ListProjectsInput): Promise<ProjectPage> {
  const { teamId, includeDeleted, first, after } = parseInput(listProjectsInput, input);
  authorize(principal, 'team:read', teamId);
  const afterId = after ? parseProjectId(after) : null;
  const rows = await db.project.findMany({
    where: {
      teamId,
      ...(includeDeleted ? {} : { lifecycleStage: 'ACTIVE' as const }),
      ...(afterId !== null ? { id: { lt: afterId } } : {}),
    },
    include: projectViewInclude,
    orderBy: { id: 'desc' },
    take: first + 1,
  });
  const page = rows.slice(0, first).map(toProjectView);
  return {
    projects: page,
    hasNextPage: rows.length > first,
    endCursor: page.length ? String(page[page.length - 1].id) : null,
  };
}
