// Update a run's status, end time and/or name (MLflow runs/update). A rename also rewrites
// the mlflow.runName tag, which MLflow clients read the name from.
import { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { db, RunStatus } from '../../db/client.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { publishEvent } from '../../events/publish-event.ts';
import { projectTopic, runTopic } from '../../events/topics.ts';
import { assertRunActive } from '../run-data/load-writable-run.ts';
import { SystemTag } from '../system-tags.ts';
import { loadRunFor } from './load-run-for.ts';
import { loadRunInfos, type RunInfoView } from './run-view.ts';
import { runNameSchema } from './run-input.ts';

const updateRunInput = z.object({
  runId: z.string(),
  status: z.enum(RunStatus).nullish(),
  endTime: z.union([z.bigint(), z.number().int().nonnegative()]).nullish(),
  runName: runNameSchema.nullish(),
});

export type UpdateRunInput = z.input<typeof updateRunInput>;

export async function updateRun(principal: Principal, input: UpdateRunInput): Promise<RunInfoView> {
  const { runId, status, endTime, runName } = parseInput(updateRunInput, input);
  const run = await loadRunFor(principal, runId, 'run:write');
  // MLflow's update_run_info refuses a deleted run too (_check_run_is_active).
  assertRunActive(run);
  await db.$transaction([
    db.run.update({
      where: { id: run.id },
      data: {
        ...(status ? { status } : {}),
        ...(endTime !== null && endTime !== undefined ? { endTime: BigInt(endTime) } : {}),
        ...(runName ? { name: runName } : {}),
      },
    }),
    ...(runName
      ? [
          db.runTag.upsert({
            where: { runId_key: { runId: run.id, key: SystemTag.runName } },
            create: { runId: run.id, key: SystemTag.runName, value: runName },
            update: { value: runName },
          }),
        ]
      : []),
  ]);
  // The runs table shows status and name; the run page everything.
  publishEvent(runTopic(run.id), projectTopic(run.projectId));
  const [info] = await loadRunInfos([run.id]);
  return info;
}
