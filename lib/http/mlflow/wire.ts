// MLflow's JSON wire format, both ways. Requests: proto3-JSON-ish input where int64 and
// double fields may arrive as strings (and doubles as "NaN"/"Infinity"), enums by name or
// number. Responses: as MLflow's server writes them (protobuf JSON with int64 as numbers,
// non-finite doubles as "NaN"/"Infinity"/"-Infinity", unset and empty fields left out).
// A run's Run and RunInfo messages are written by PostgreSQL (wire-run-sql.ts), not here.
import { z } from 'zod';
import { badInput } from '../../errors.ts';
import { LOGGED_MODEL_STATUSES, type LoggedModelView } from '../../tracking/models/logged-model-view.ts';
import type { ProjectView } from '../../tracking/projects/project-view.ts';
import { stageName } from '../../registry/registry-input.ts';
import type { ModelVersionView, RegisteredModelView } from '../../registry/registry-view.ts';
import type { MetricView } from '../../tracking/runs/run-view.ts';
import { describeZodError } from './errors.ts';

// ─── Requests ────────────────────────────────────────────────────────────────

const required = (field: string) => `Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`;

/** A required string; MLflow treats "" like a missing value. */
export const requiredString = (field: string) => z.string({ error: (iss) => (iss.input == null ? required(field) : undefined) }).min(1, required(field));

/** int64: a JSON number or a string of digits (MLflow clients send both). */
export const int64 = z.union([
  z.number().int(),
  z
    .string()
    .trim()
    .regex(/^-?\d{1,19}$/, 'expected an integer')
    .transform(Number),
]);

/** double: a number, a numeric string, or "NaN"/"Infinity"/"-Infinity" as protobuf JSON writes them. */
export const double = z.union([
  z.number(),
  z.string().transform((text, ctx) => {
    const t = text.trim();
    const special: Record<string, number> = { nan: NaN, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity, inf: Infinity, '-inf': -Infinity };
    if (t.toLowerCase() in special) return special[t.toLowerCase()];
    const n = t === '' ? NaN : Number(t);
    if (Number.isNaN(n)) {
      ctx.addIssue({ code: 'custom', message: 'expected a number' });
      return z.NEVER;
    }
    return n;
  }),
]);

export const bool = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False']).transform((v) => v.toLowerCase() === 'true')]);

/** A proto enum given by name or by number. */
export function protoEnum<const T extends readonly [string, ...string[]]>(names: T, numbers: Record<number, T[number]>) {
  return z.union([z.enum(names), z.number().int().transform((n, ctx) => {
    const name = numbers[n];
    if (!name) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${names.join(', ')}` });
      return z.NEVER;
    }
    return name;
  })]);
}

export const runStatus = protoEnum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const, {
  1: 'RUNNING',
  2: 'SCHEDULED',
  3: 'FINISHED',
  4: 'FAILED',
  5: 'KILLED',
});

export const viewType = protoEnum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] as const, { 1: 'ACTIVE_ONLY', 2: 'DELETED_ONLY', 3: 'ALL' });
export type ViewType = z.output<typeof viewType>;

export const loggedModelStatus = protoEnum(LOGGED_MODEL_STATUSES, { 1: 'LOGGED_MODEL_PENDING', 2: 'LOGGED_MODEL_READY', 3: 'LOGGED_MODEL_UPLOAD_FAILED' });

export const keyValue = z.object({ key: z.string().default(''), value: z.string().default('') });

/** Parse a request with zod; failures are INVALID_PARAMETER_VALUE with MLflow's wording. */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw badInput(describeZodError(result.error));
}

// ─── Responses ───────────────────────────────────────────────────────────────

/** A response body that is JSON text already (PostgreSQL wrote it), sent as is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A JSON response; bigint values become JSON numbers. */
export function json(body: unknown, status = 200): Response {
  const text = body instanceof JsonText ? body.text : JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  return new Response(text, {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** A double as protobuf JSON writes it. */
export function wireDouble(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** Protobuf JSON leaves out empty repeated fields. */
export function nonEmpty<K extends string, T>(key: K, list: T[]): Partial<Record<K, T[]>> {
  return list.length ? ({ [key]: list } as Record<K, T[]>) : {};
}

/** One page of a search or history: its items under `key` and next_page_token only when more follow. */
export function wirePage<K extends string, T>(key: K, items: T[], nextPageToken: string | null | undefined) {
  return { ...nonEmpty(key, items), ...(nextPageToken ? { next_page_token: nextPageToken } : {}) };
}

/** wirePage of items that are JSON text already, joined by commas ('' for none). */
export function wirePageText(key: string, items: string, nextPageToken: string | null | undefined): JsonText {
  const parts = [...(items ? [`${JSON.stringify(key)}:[${items}]`] : []), ...(nextPageToken ? [`"next_page_token":${JSON.stringify(nextPageToken)}`] : [])];
  return new JsonText(`{${parts.join(',')}}`);
}

const lifecycle = (stage: 'ACTIVE' | 'DELETED') => (stage === 'ACTIVE' ? 'active' : 'deleted');

/** Experiment ids on the wire: the team's Default is "0", as MLflow clients expect. */
export function wireExperimentId(projectId: bigint, isDefault: boolean): string {
  return isDefault ? '0' : String(projectId);
}

export function wireExperiment(project: ProjectView) {
  return {
    experiment_id: wireExperimentId(project.id, project.isDefault),
    name: project.name,
    artifact_location: project.artifactLocation,
    lifecycle_stage: lifecycle(project.lifecycleStage),
    last_update_time: project.updatedAt.getTime(),
    creation_time: project.createdAt.getTime(),
    ...nonEmpty('tags', project.tags),
  };
}

export function wireMetric(metric: Pick<MetricView, 'key' | 'value' | 'timestamp' | 'step'>) {
  return { key: metric.key, value: wireDouble(metric.value), timestamp: metric.timestamp, step: metric.step };
}

/** MLflow 3 LoggedModel: info (attributes and tags) and data (params). */
export function wireLoggedModel(model: LoggedModelView) {
  return {
    info: {
      model_id: model.id,
      experiment_id: wireExperimentId(model.projectId, model.projectIsDefault),
      name: model.name,
      creation_timestamp_ms: model.createdMs,
      last_updated_timestamp_ms: model.updatedMs,
      artifact_uri: model.artifactUri,
      status: model.status,
      ...(model.modelType ? { model_type: model.modelType } : {}),
      source_run_id: model.sourceRunId,
      ...nonEmpty('tags', model.tags),
      ...nonEmpty('registrations', model.registrations.map((r) => ({ name: r.name, version: String(r.version) }))),
    },
    data: { ...nonEmpty('params', model.params) },
  };
}

/** MLflow ModelVersion (model_registry.proto), as its server writes it. */
export function wireModelVersion(version: ModelVersionView) {
  return {
    name: version.modelName,
    version: String(version.version),
    creation_timestamp: version.createdAt.getTime(),
    last_updated_timestamp: version.updatedAt.getTime(),
    ...(version.createdByEmail ? { user_id: version.createdByEmail } : {}),
    current_stage: stageName(version.stage),
    ...(version.description !== null ? { description: version.description } : {}),
    source: version.source,
    ...(version.runId ? { run_id: version.runId } : {}),
    status: version.status,
    ...(version.statusMessage ? { status_message: version.statusMessage } : {}),
    ...nonEmpty('tags', version.tags),
    ...(version.runLink ? { run_link: version.runLink } : {}),
    ...nonEmpty('aliases', version.aliases),
    ...(version.loggedModelId ? { model_id: version.loggedModelId } : {}),
  };
}

/** MLflow RegisteredModel, with its latest version per stage, tags and aliases. */
export function wireRegisteredModel(model: RegisteredModelView) {
  return {
    name: model.name,
    creation_timestamp: model.createdAt.getTime(),
    last_updated_timestamp: model.updatedAt.getTime(),
    ...(model.description !== null ? { description: model.description } : {}),
    ...nonEmpty('latest_versions', model.latestVersions.map(wireModelVersion)),
    ...nonEmpty('tags', model.tags),
    ...nonEmpty('aliases', model.aliases.map((a) => ({ alias: a.alias, version: String(a.version) }))),
  };
}
