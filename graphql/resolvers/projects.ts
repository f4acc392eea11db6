// Projects (MLflow experiments): thin calls into lib/tracking/projects.
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { deleteProject } from '../../lib/tracking/projects/delete-project.ts';
import { deleteProjectTag } from '../../lib/tracking/projects/delete-project-tag.ts';
import { getProject } from '../../lib/tracking/projects/get-project.ts';
import { listProjects } from '../../lib/tracking/projects/list-projects.ts';
import { restoreProject } from '../../lib/tracking/projects/restore-project.ts';
import { setProjectTag } from '../../lib/tracking/projects/set-project-tag.ts';
import { updateProject } from '../../lib/tracking/projects/update-project.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { decodeCursor, pageSize, toConnection } from '../pagination.ts';
import { loadTeam, loadUser } from './shared.ts';

export const MAX_PROJECTS_PAGE = 500;

export const projectResolvers: Resolvers = {
  Query: {
    project: (_root, { id }, { principal }) => getProject(principal, { projectId: id }),
  },
  Team: {
    projects: async (team, { first, after, includeDeleted, search }, { principal }) => {
      const page = await listProjects(principal, {
        teamId: team.id,
        first: pageSize(first, 50, MAX_PROJECTS_PAGE),
        after: decodeCursor(after),
        includeDeleted: includeDeleted ?? false,
        search,
      });
      return toConnection(page.projects, page.hasNextPage, (project) => String(project.id));
    },
  },
  Project: {
    id: (project) => String(project.id),
    tags: (project) => project.tags,
    team: (project, _args, context) => loadTeam(context, project.teamId),
    createdBy: (project, _args, context) => loadUser(context, project.createdById),
  },
  Mutation: {
    createProject: (_root, { input }, { principal }) =>
      createProject(principal, {
        teamId: input.teamId,
        name: input.name,
        description: input.description,
        tags: input.tags ?? [],
      }),
    updateProject: (_root, { input }, { principal }) =>
      updateProject(principal, {
        projectId: input.id,
        ...(input.name != null ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
      }),
    deleteProject: async (_root, { id }, { principal }) => {
      await deleteProject(principal, { projectId: id });
      return getProject(principal, { projectId: id });
    },
    restoreProject: async (_root, { id }, { principal }) => {
      await restoreProject(principal, { projectId: id });
      return getProject(principal, { projectId: id });
    },
    setProjectTag: async (_root, { input }, { principal }) => {
      await setProjectTag(principal, input);
      return getProject(principal, { projectId: input.projectId });
    },
    deleteProjectTag: async (_root, { input }, { principal }) => {
      await deleteProjectTag(principal, input);
      return getProject(principal, { projectId: input.projectId });
    },
  },
};
