// Create a run in a project (MLflow runs/create). The run's name comes from run_name, else
// the mlflow.runName tag, else a generated one, and is mirrored into the mlflow.runName
// tag as MLflow clients read it from there. A parent named by mlflow.parentRunId must be a
// run of the same team; it and cairn.* lineage tags become lineage edges with the run.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorUserId, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { publishEvent } from '../../events/publish-event.ts';
import { projectTopic } from '../../events/topics.ts';
import { badInput, notFound } from '../../errors.ts';
import { loadProjectFor } from '../projects/load-project-for.ts';
import { requireProjectId } from '../projects/get-project.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { SystemTag } from '../system-tags.ts';
import { validateRunData } from '../validation.ts';
import { sqlOf } from '../../lineage/edges.ts';
import { EDGE_TAGS } from '../../lineage/lineage-tags.ts';
import { syncRunLineage } from '../../lineage/sync-run-lineage.ts';
import { generateRunName } from './generate-run-name.ts';
import { loadRunFor } from './load-run-for.ts';
import { loadRunViews, type RunView } from './run-view.ts';
import { runNameSchema } from './run-input.ts';

const createRunInput = z.object({
  projectId: z.union([z.string(), z.bigint()]),
  runName: runNameSchema.nullish(),
  startTime: z.union([z.bigint(), z.number().int().nonnegative()]).nullish(),
  tags: z.array(z.object({ key: z.string(), value: z.string().default('') })).default([]),
  userId: z.string().max(256).nullish(),
});

export type CreateRunInput = z.input<typeof createRunInput>;

export function newRunId(): string {
  return randomUUID().replaceAll('-', '');
}

/**
 * Creates the run and returns its id, for a caller that reads the new run its own way (MLflow's
 * runs/create answers with the JSON PostgreSQL writes, wire-run-sql.ts): no run view read first.
 */
export async function createRunId(principal: Principal, input: CreateRunInput): Promise<string> {
  const parsed = parseInput(createRunInput, input);
  const project = await loadProjectFor(principal, requireProjectId(principal, parsed.projectId, 'run:write'), 'run:write');
  if (project.lifecycleStage !== 'ACTIVE') {
    throw badInput(`Could not create run under non-active experiment with ID ${project.id}`);
  }
  // Repeated keys: the last value wins, as MLflow's tag semantics.
  const tags = new Map(parsed.tags.map((t) => [t.key, t.value]));
  const tagName = tags.get(SystemTag.runName);
  if (parsed.runName && tagName && tagName !== parsed.runName) {
    throw badInput(
      `Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${parsed.runName}', mlflow.runName='${tagName}').`,
    );
  }
  const name = parsed.runName || tagName || generateRunName();
  tags.set(SystemTag.runName, name);
  if (parsed.userId && !tags.has(SystemTag.user)) tags.set(SystemTag.user, parsed.userId);
  // The same key, value and count rules as set-tag and log-batch.
  validateRunData({ tags: [...tags].map(([key, value]) => ({ key, value })) });

  const parentRunId = tags.get(SystemTag.parentRunId) || null;
  if (parentRunId) {
    const parent = await loadRunFor(principal, parentRunId, 'team:read');
    if (parent.teamId !== project.teamId) throw notFound('Run', parentRunId);
  }

  const id = newRunId();
  await db.$transaction(async (tx) => {
    await tx.run.create({
      data: {
      id,
      projectId: project.id,
      teamId: project.teamId,
      name,
      status: 'RUNNING',
      startTime: BigInt(parsed.startTime ?? Date.now()),
      authorId: actorUserId(principal),
      parentRunId,
      artifactUri: `${project.artifactLocation.replace(/\/+$/, '')}/${id}/artifacts`,
      tags: { create: [...tags].map(([key, value]) => ({ key, value })) },
      },
    });
    // The parent edge and whatever cairn.* tags declare, with the run (a bad reference creates nothing).
    if ([...tags.keys()].some((key) => EDGE_TAGS.has(key))) await syncRunLineage(sqlOf(tx), id, actorUserId(principal));
  });
  publishEvent(projectTopic(project.id));
  return id;
}

/** Creates the run and returns its view (GraphQL's createRun). */
export async function createRun(principal: Principal, input: CreateRunInput): Promise<RunView> {
  const [view] = await loadRunViews([await createRunId(principal, input)]);
  return view;
}
