// MLflow 3 CreateLoggedModel (POST /logged-models): a PENDING model of a source run, whose
// files the client then uploads under the returned artifact_uri before finalizing it.
import { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { badInput } from '../../errors.ts';
import { requireProjectId } from '../projects/get-project.ts';
import { parseInput } from '../projects/project-input.ts';
import { loadRunFor } from '../runs/load-run-for.ts';
import { generateRunName } from '../runs/generate-run-name.ts';
import { loggedModelArtifactPath, newLoggedModelId, reloadLoggedModel, type LoggedModelRecord, type LoggedModelView } from './logged-model-view.ts';

const keyValues = z.array(z.object({ key: z.string().min(1).max(250), value: z.string().max(6000).default('') })).max(100).default([]);

const createLoggedModelInput = z.object({
  projectId: z.union([z.string(), z.bigint()]),
  sourceRunId: z.string().nullish(),
  name: z.string().max(500).nullish(),
  modelType: z.string().max(500).nullish(),
  params: keyValues,
  tags: keyValues,
});

export type CreateLoggedModelInput = z.input<typeof createLoggedModelInput>;

export async function createLoggedModel(principal: Principal, input: CreateLoggedModelInput): Promise<LoggedModelView> {
  const parsed = parseInput(createLoggedModelInput, input);
  // The table records models of runs; MLflow's run-less models (no active run) are not kept.
  if (!parsed.sourceRunId) throw badInput('Cairn records logged models of runs: give source_run_id (log the model inside a run)');
  const projectId = requireProjectId(principal, parsed.projectId, 'run:write');
  const run = await loadRunFor(principal, parsed.sourceRunId, 'run:write');
  if (run.projectId !== projectId) {
    throw badInput(`The source run ${run.id} belongs to experiment ${run.projectId}, not ${projectId}`);
  }
  if (run.lifecycleStage !== 'ACTIVE') throw badInput(`The run ${run.id} must be in the 'active' state. Current state is deleted.`);
  const id = newLoggedModelId();
  const now = Date.now();
  // Repeated keys: the last value wins.
  const dedupe = (list: { key: string; value: string }[]) => [...new Map(list.map((kv) => [kv.key, kv.value]))].map(([key, value]) => ({ key, value }));
  const record: LoggedModelRecord = {
    kind: 'logged-model',
    name: parsed.name || generateRunName(),
    modelType: parsed.modelType ?? null,
    status: 'LOGGED_MODEL_PENDING',
    params: dedupe(parsed.params),
    tags: dedupe(parsed.tags),
    createdMs: now,
    updatedMs: now,
  };
  await db.loggedModel.create({
    data: { id, runId: run.id, artifactPath: loggedModelArtifactPath(id), modelUuid: id, metadata: record },
  });
  return reloadLoggedModel(id);
}
