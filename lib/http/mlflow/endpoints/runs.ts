// MLflow runs/* lifecycle endpoints and runs/search.
import { z } from 'zod';
import { createRunId } from '../../../tracking/runs/create-run.ts';
import { deleteRun } from '../../../tracking/runs/delete-run.ts';
import { authorizeRunRead } from '../../../tracking/runs/get-run.ts';
import { restoreRun } from '../../../tracking/runs/restore-run.ts';
import { updateRun } from '../../../tracking/runs/update-run.ts';
import { searchRuns } from '../../../tracking/search/search-runs.ts';
import { DEFAULT_EXPERIMENT_ID } from '../../../tracking/projects/ensure-default-project.ts';
import { endpoint } from '../endpoint.ts';
import { int64, keyValue, runStatus, viewType, wirePageText } from '../wire.ts';
import { loadWireRuns, wireRunBody, wireRunInfoBody } from '../wire-run-sql.ts';
import { runCommand, runIdSchema } from './run-id.ts';

export const runEndpoints = [
  endpoint({
    method: 'POST',
    path: 'runs/create',
    schema: z.object({
      experiment_id: z.string().optional(),
      user_id: z.string().optional(),
      run_name: z.string().optional(),
      start_time: int64.optional(),
      tags: z.array(keyValue).optional(),
    }),
    async handle(ctx, input) {
      const runId = await createRunId(ctx.principal, {
        projectId: await ctx.projectId(input.experiment_id || DEFAULT_EXPERIMENT_ID),
        runName: input.run_name,
        startTime: input.start_time,
        tags: input.tags,
        userId: input.user_id,
      });
      return wireRunBody(runId);
    },
  }),
  endpoint({
    method: 'GET',
    path: 'runs/get',
    schema: runIdSchema({}),
    async handle(ctx, input) {
      // Authorized as getRun is, and only then written by PostgreSQL as runs/search writes its runs.
      await authorizeRunRead(ctx.principal, input.run_id);
      return wireRunBody(input.run_id);
    },
  }),
  endpoint({
    method: 'POST',
    path: 'runs/update',
    schema: runIdSchema({ status: runStatus.optional(), end_time: int64.optional(), run_name: z.string().optional() }),
    async handle(ctx, input) {
      const info = await updateRun(ctx.principal, {
        runId: input.run_id,
        status: input.status,
        endTime: input.end_time,
        runName: input.run_name || undefined,
      });
      // MLflow's RunInfo.user_id comes from the mlflow.user tag, which update does not touch.
      return wireRunInfoBody(info.id);
    },
  }),
  runCommand('runs/delete', {}, (principal, runId) => deleteRun(principal, { runId })),
  runCommand('runs/restore', {}, (principal, runId) => restoreRun(principal, { runId })),
  endpoint({
    method: 'POST',
    path: 'runs/search',
    schema: z.object({
      experiment_ids: z.array(z.union([z.string(), z.number().int()]).transform(String)).optional(),
      filter: z.string().optional(),
      run_view_type: viewType.optional(),
      max_results: int64.optional(),
      order_by: z.array(z.string()).optional(),
      page_token: z.string().optional(),
    }),
    async handle(ctx, input) {
      // searchRuns checks max_results and that every experiment named is the team's
      // (another team's or a missing one is RESOURCE_DOES_NOT_EXIST); "0" is the Default.
      const projectIds = await Promise.all([...new Set(input.experiment_ids ?? [])].map((id) => ctx.projectId(id)));
      const result = await searchRuns(ctx.principal, {
        teamId: await ctx.teamId(),
        projectIds,
        filter: input.filter,
        orderBy: input.order_by,
        maxResults: input.max_results,
        pageToken: input.page_token,
        viewType: input.run_view_type,
      });
      // The runs' JSON as PostgreSQL writes it (wire-run-sql.ts): Node passes the text through.
      return wirePageText('runs', await loadWireRuns(result.runIds), result.nextPageToken);
    },
  }),
];
