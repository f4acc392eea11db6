// MLflow experiments/* endpoints (projects in Cairn).
import { z } from 'zod';
import { createProject } from '../../../tracking/projects/create-project.ts';
import { deleteProject } from '../../../tracking/projects/delete-project.ts';
import { deleteProjectTag } from '../../../tracking/projects/delete-project-tag.ts';
import { DEFAULT_PROJECT_NAME, ensureDefaultProject } from '../../../tracking/projects/ensure-default-project.ts';
import { getProject } from '../../../tracking/projects/get-project.ts';
import { getProjectByName } from '../../../tracking/projects/get-project-by-name.ts';
import { restoreProject } from '../../../tracking/projects/restore-project.ts';
import { searchProjects } from '../../../tracking/projects/search-projects.ts';
import { setProjectTag } from '../../../tracking/projects/set-project-tag.ts';
import { updateProject } from '../../../tracking/projects/update-project.ts';
import type { Principal } from '../../../authz/index.ts';
import { isAppError } from '../../../errors.ts';
import { endpoint } from '../endpoint.ts';
import { int64, keyValue, requiredString, viewType, wireExperiment, wireExperimentId, wirePage } from '../wire.ts';

const experimentId = requiredString('experiment_id');

/** A POST on one experiment that answers with MLflow's empty response message. */
function experimentCommand<T extends z.ZodRawShape>(
  path: string,
  shape: T,
  action: (principal: Principal, projectId: string | bigint, input: z.output<z.ZodObject<T>>) => Promise<unknown>,
) {
  return endpoint({
    method: 'POST',
    path,
    schema: z.object({ experiment_id: experimentId, ...shape }),
    async handle(ctx, input) {
      const body = input as { experiment_id: string } & z.output<z.ZodObject<T>>;
      await action(ctx.principal, await ctx.projectId(body.experiment_id), body);
      return {};
    },
  });
}

const searchSchema = z.object({
  max_results: int64.optional(),
  page_token: z.string().optional(),
  filter: z.string().optional(),
  order_by: z.array(z.string()).optional(),
  view_type: viewType.optional(),
});

const search = (method: 'GET' | 'POST') =>
  endpoint({
    method,
    path: 'experiments/search',
    schema: searchSchema,
    listKeys: ['order_by'],
    async handle(ctx, input) {
      const result = await searchProjects(ctx.principal, {
        teamId: await ctx.teamId(),
        filter: input.filter,
        orderBy: input.order_by,
        maxResults: input.max_results,
        pageToken: input.page_token,
        viewType: input.view_type,
      });
      return wirePage('experiments', result.projects.map(wireExperiment), result.nextPageToken);
    },
  });

export const experimentEndpoints = [
  endpoint({
    method: 'POST',
    path: 'experiments/create',
    schema: z.object({
      name: requiredString('name'),
      artifact_location: z.string().optional(),
      tags: z.array(keyValue).optional(),
    }),
    async handle(ctx, input) {
      const project = await createProject(ctx.principal, {
        teamId: await ctx.teamId(),
        name: input.name,
        artifactLocation: input.artifact_location,
        tags: input.tags,
      });
      return { experiment_id: wireExperimentId(project.id, project.isDefault) };
    },
  }),
  endpoint({
    method: 'GET',
    path: 'experiments/get',
    schema: z.object({ experiment_id: experimentId }),
    async handle(ctx, input) {
      const project = await getProject(ctx.principal, { projectId: await ctx.projectId(input.experiment_id) });
      return { experiment: wireExperiment(project) };
    },
  }),
  endpoint({
    method: 'GET',
    path: 'experiments/get-by-name',
    schema: z.object({ experiment_name: requiredString('experiment_name') }),
    async handle(ctx, input) {
      const teamId = await ctx.teamId();
      try {
        return { experiment: wireExperiment(await getProjectByName(ctx.principal, { teamId, name: input.experiment_name })) };
      } catch (error) {
        // "Default" always exists for MLflow clients, even before anything was logged to it.
        if (isAppError(error) && error.code === 'NOT_FOUND' && input.experiment_name === DEFAULT_PROJECT_NAME) {
          return { experiment: wireExperiment(await ensureDefaultProject(ctx.principal, teamId)) };
        }
        throw error;
      }
    },
  }),
  search('GET'),
  search('POST'),
  experimentCommand('experiments/update', { new_name: requiredString('new_name') }, (principal, projectId, input) =>
    updateProject(principal, { projectId, name: input.new_name }),
  ),
  experimentCommand('experiments/delete', {}, (principal, projectId) => deleteProject(principal, { projectId })),
  experimentCommand('experiments/restore', {}, (principal, projectId) => restoreProject(principal, { projectId })),
  experimentCommand('experiments/set-experiment-tag', { key: requiredString('key'), value: z.string().default('') }, (principal, projectId, input) =>
    setProjectTag(principal, { projectId, key: input.key, value: input.value }),
  ),
  experimentCommand('experiments/delete-experiment-tag', { key: requiredString('key') }, (principal, projectId, input) =>
    deleteProjectTag(principal, { projectId, key: input.key }),
  ),
];
