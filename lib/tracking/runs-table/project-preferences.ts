// A person's saved views of a project (runs table columns, chart panels): read and saved per
// user and project. Reading needs team:read on the project's team (a share link or a caller
// without a user reads none: null views); saving needs preference:write (signed-in sessions,
// any role: it changes nobody else's view). A field left out is kept; null resets it.
import { z } from 'zod';
import { actorUserId, authorizeRow, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { Prisma } from '../../db/generated/client.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { parseProjectId } from '../projects/project-view.ts';
import { chartPanelsSchema, runsTableViewSchema, type ChartPanels, type RunsTableView } from './view-shapes.ts';

export type ProjectPreferences = { runsTable: RunsTableView | null; chartPanels: ChartPanels | null };

const projectIdSchema = z.union([z.string(), z.bigint()]).transform((id, ctx) => {
  const parsed = parseProjectId(id);
  if (parsed === null) ctx.addIssue({ code: 'custom', message: 'projectId must be a project (experiment) id: a string of digits' });
  return parsed ?? 0n;
});

const saveInput = z.object({
  projectId: projectIdSchema,
  runsTable: z.nullish(runsTableViewSchema),
  chartPanels: z.nullish(chartPanelsSchema),
});

async function projectTeam(projectId: bigint): Promise<string | undefined> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { teamId: true } });
  return project?.teamId;
}

/** Stored JSON read back through the schema: a view saved by an older Cairn that no longer fits is dropped, not served. */
function stored<S extends z.core.$ZodType>(schema: S, value: unknown): z.output<S> | null {
  if (value === null || value === undefined) return null;
  const parsed = z.safeParse(schema, value);
  return parsed.success ? parsed.data : null;
}

export async function getProjectPreferences(principal: Principal, input: { projectId: string | bigint }): Promise<ProjectPreferences> {
  const { projectId } = parseInput(z.object({ projectId: projectIdSchema }), input);
  authorizeRow(principal, 'team:read', await projectTeam(projectId), 'Experiment', projectId);
  const userId = actorUserId(principal);
  if (!userId) return { runsTable: null, chartPanels: null };
  const row = await db.projectPreference.findUnique({ where: { userId_projectId: { userId, projectId } } });
  return { runsTable: stored(runsTableViewSchema, row?.runsTable), chartPanels: stored(chartPanelsSchema, row?.chartPanels) };
}

const json = (value: unknown) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue));

export async function saveProjectPreferences(principal: Principal, input: z.input<typeof saveInput>): Promise<ProjectPreferences> {
  const { projectId, runsTable, chartPanels } = parseInput(saveInput, input);
  authorizeRow(principal, 'preference:write', await projectTeam(projectId), 'Experiment', projectId);
  const userId = actorUserId(principal)!;
  const changes = {
    ...(runsTable !== undefined ? { runsTable: json(runsTable) } : {}),
    ...(chartPanels !== undefined ? { chartPanels: json(chartPanels) } : {}),
  };
  const row = await db.projectPreference.upsert({
    where: { userId_projectId: { userId, projectId } },
    create: { userId, projectId, ...changes },
    update: changes,
  });
  return { runsTable: stored(runsTableViewSchema, row.runsTable), chartPanels: stored(chartPanelsSchema, row.chartPanels) };
}
