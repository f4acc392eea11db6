// A team's projects, newest first, with cursor pagination (for GraphQL and pages).
import { z } from 'zod';
import { authorize, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { parseProjectId, projectViewInclude, toProjectView, type ProjectView } from './project-view.ts';

const listProjectsInput = z.object({
  teamId: z.string().min(1),
  includeDeleted: z.boolean().default(false),
  /** Words matched (case-insensitively) against names, descriptions, tag values and run names. */
  search: z.string().trim().max(200, 'search must be at most 200 characters').nullish(),
  first: z.number().int().min(1).max(500).default(50),
  /** The `endCursor` of the previous page. */
  after: z.string().nullish(),
});

export type ListProjectsInput = z.input<typeof listProjectsInput>;
export type ProjectPage = { projects: ProjectView[]; hasNextPage: boolean; endCursor: string | null };

/** Every word must appear in the project's name, description, a tag value or one of its runs' names. */
function searchWords(search: string) {
  return search
    .split(/\s+/)
    .slice(0, 10)
    .map((word) => {
      const contains = { contains: word, mode: 'insensitive' as const };
      return {
        OR: [{ name: contains }, { description: contains }, { tags: { some: { value: contains } } }, { runs: { some: { name: contains, lifecycleStage: 'ACTIVE' as const } } }],
      };
    });
}

export async function listProjects(principal: Principal, input: ListProjectsInput): Promise<ProjectPage> {
  const { teamId, includeDeleted, first, after, search } = parseInput(listProjectsInput, input);
  authorize(principal, 'team:read', teamId);
  const afterId = after ? parseProjectId(after) : null;
  const rows = await db.project.findMany({
    where: {
      teamId,
      ...(includeDeleted ? {} : { lifecycleStage: 'ACTIVE' as const }),
      ...(afterId !== null ? { id: { lt: afterId } } : {}),
      ...(search ? { AND: searchWords(search) } : {}),
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
