// MLflow 3 CreateLoggedModel (POST /logged-models): a PENDING model of a source run, whose
// files the client then uploads under the returned artifact_uri before finalizing it.
import { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { badInput } from '../../errors.ts';
import { requireProjectId } from '../projects/get-project.ts';
import { parseInput } from '../../validation/parse-input.ts';
import { assertRunActive } from '../run-data/load-writable-run.ts';
import { loadRunFor } from '../runs/load-run-for.ts';
import { generateRunName } from '../runs/generate-run-name.ts';
import { MAX_PARAM_VAL_LENGTH, MAX_TAG_VAL_LENGTH, validateKey } from '../validation.ts';
import { loggedModelArtifactPath, newLoggedModelId, reloadLoggedModel, type LoggedModelRecord, type LoggedModelView } from './logged-model-view.ts';

const keyValues = z.array(z.object({ key: z.string(), value: z.string().default('') })).default([]);

const createLoggedModelInput = z.object({
  projectId: z.union([z.string(), z.bigint()]),
  sourceRunId: z.string().nullish(),
  name: z.string().max(500).nullish(),
  modelType: z.string().max(500).nullish(),
  params: keyValues,
  tags: keyValues,
});

export type CreateLoggedModelInput = z.input<typeof createLoggedModelInput>;

/**
 * Run-data key and value rules, without log-batch's count limit: an MLflow 3 client copies
 * every param of the source run onto the model, which may be more than a batch holds.
 * Repeated keys: the last value wins.
 */
export function checkLoggedModelEntries(entries: { key: string; value: string }[], field: string, maxValueLength: number) {
  for (const [i, { key, value }] of entries.entries()) {
    validateKey(key, `${field}[${i}].key`);
    if (value.length > maxValueLength) throw badInput(`'${field}[${i}].value' exceeds the maximum length of ${maxValueLength} characters`);
  }
  return [...new Map(entries.map((e) => [e.key, e.value]))].map(([key, value]) => ({ key, value }));
}

export async function createLoggedModel(principal: Principal, input: CreateLoggedModelInput): Promise<LoggedModelView> {
  const parsed = parseInput(createLoggedModelInput, input);
  // The table records models of runs; MLflow's run-less models (no active run) are not kept.
  if (!parsed.sourceRunId) throw badInput('Cairn records logged models of runs: give source_run_id (log the model inside a run)');
  const projectId = requireProjectId(principal, parsed.projectId, 'run:write');
  const run = await loadRunFor(principal, parsed.sourceRunId, 'run:write');
  if (run.projectId !== projectId) {
    throw badInput(`The source run ${run.id} belongs to experiment ${run.projectId}, not ${projectId}`);
  }
  assertRunActive(run);
  const params = checkLoggedModelEntries(parsed.params, 'params', MAX_PARAM_VAL_LENGTH);
  const tags = checkLoggedModelEntries(parsed.tags, 'tags', MAX_TAG_VAL_LENGTH);
  const id = newLoggedModelId();
  const now = Date.now();
  const record: LoggedModelRecord = {
    kind: 'logged-model',
    name: parsed.name || generateRunName(),
    modelType: parsed.modelType ?? null,
    status: 'LOGGED_MODEL_PENDING',
    params,
    tags,
    createdMs: now,
    updatedMs: now,
  };
  await db.loggedModel.create({
    data: { id, runId: run.id, artifactPath: loggedModelArtifactPath(id), modelUuid: id, metadata: record },
  });
  return reloadLoggedModel(id);
}
