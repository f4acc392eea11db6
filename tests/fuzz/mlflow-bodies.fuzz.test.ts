// Property-based tests of the MLflow REST API: every endpoint gets request bodies (and query
// strings) built from its own field names with hostile values, or arbitrary JSON, or not JSON
// at all. No request may produce a 500, and a refused one (4xx) must leave every table as it
// was: no half-written run, param, metric or tag.
import fc from 'fast-check';
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { mlflowEndpoints } from '../../lib/http/mlflow/router.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { ensureDefaultProject } from '../../lib/tracking/projects/ensure-default-project.ts';
import { setupTestApp } from '../helpers/app.ts';
import { principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { modelWithVersions } from '../helpers/registry-fixtures.ts';
import { runWithArtifacts } from '../helpers/runs.ts';
import { databaseFingerprint, FUZZ_TIMEOUT, fuzzOptions, nastyString } from './support.ts';

const app = setupTestApp();

let world: TeamWorld;
const ids = { runs: [] as string[], projects: [] as string[], models: [`m-${'0'.repeat(32)}`], registered: [] as string[], sources: [] as string[] };

beforeAll(async () => {
  world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  const project = await createProject(member, { teamId: world.team.id, name: 'fuzzed' });
  ids.projects.push(String(project.id));
  for (const name of ['one', 'two']) ids.runs.push((await runWithArtifacts(member, project.id, { name, status: 'RUNNING', metrics: { m: 1 } })).runId);
  const finished = await runWithArtifacts(member, project.id, { name: 'done', metrics: { m: 2 } });
  ids.runs.push(finished.runId);
  // Experiment "0" exists for MLflow clients from the start; Cairn makes its row on first use,
  // even by a request refused later. Make it now, so that is not mistaken for a partial write.
  await ensureDefaultProject(member, world.team.id);
  // A registered model with versions, so registry endpoints get names and versions that exist.
  const registered = await modelWithVersions(member, world.team.id, 2, 'fuzzed-model');
  ids.registered.push(registered.model.name);
  ids.sources.push(`runs:/${registered.runId}/model`);
});

const generic: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}, -1, 0, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const number = fc.oneof(fc.integer(), fc.double(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String), nastyString, fc.constant(null));
const keyValues = fc.array(fc.record({ key: fc.oneof(nastyString, fc.constantFrom('lr', 'k', 'mlflow.runName', 'mlflow.parentRunId')), value: fc.oneof(nastyString, generic) }, { requiredKeys: [] }), { maxLength: 4 });
const metrics = fc.array(fc.record({ key: fc.oneof(nastyString, fc.constant('m')), value: number, timestamp: number, step: number }, { requiredKeys: [] }), { maxLength: 4 });

/** Plausible values for the fields MLflow's requests name, mixed with anything at all. */
function valueFor(field: string): fc.Arbitrary<unknown> {
  const real = (pool: () => string[]) => fc.constant(null).map(() => pool()[Math.floor(Math.random() * pool().length)]);
  switch (field) {
    case 'run_id':
    case 'run_uuid':
    case 'source_run_id':
    case 'parent_run_id':
      return fc.oneof({ weight: 4, arbitrary: real(() => ids.runs) }, { weight: 1, arbitrary: generic });
    case 'experiment_id':
      return fc.oneof({ weight: 4, arbitrary: fc.oneof(real(() => ids.projects), fc.constant('0')) }, { weight: 1, arbitrary: generic });
    case 'experiment_ids':
      return fc.oneof(fc.array(fc.oneof(real(() => ids.projects), fc.constant('0'), nastyString), { maxLength: 3 }), generic);
    case 'model_id':
      return fc.oneof(real(() => ids.models), generic);
    case 'name':
    case 'new_name':
      return fc.oneof({ weight: 3, arbitrary: real(() => ids.registered) }, { weight: 1, arbitrary: generic });
    case 'version':
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom('1', '2') }, { weight: 1, arbitrary: generic });
    case 'alias':
      return fc.oneof({ weight: 2, arbitrary: fc.constantFrom('champion', 'challenger') }, { weight: 1, arbitrary: generic });
    case 'stage':
      return fc.oneof({ weight: 2, arbitrary: fc.constantFrom('Staging', 'Production', 'Archived', 'None') }, { weight: 1, arbitrary: generic });
    case 'source':
      return fc.oneof({ weight: 2, arbitrary: real(() => ids.sources) }, { weight: 1, arbitrary: generic });
    case 'metrics':
      return fc.oneof({ weight: 3, arbitrary: metrics }, { weight: 1, arbitrary: generic });
    case 'params':
    case 'tags':
      return fc.oneof({ weight: 3, arbitrary: keyValues }, { weight: 1, arbitrary: generic });
    case 'value':
    case 'timestamp':
    case 'step':
    case 'start_time':
    case 'end_time':
    case 'max_results':
      return fc.oneof({ weight: 2, arbitrary: number }, { weight: 1, arbitrary: generic });
    default:
      return generic;
  }
}

function fieldsOf(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

const request = fc.constantFrom(...mlflowEndpoints).chain((endpoint) => {
  const fields = [...new Set([...fieldsOf(endpoint.schema), 'run_id', 'experiment_id'])];
  const body = fc.oneof(
    { weight: 6, arbitrary: fc.record(Object.fromEntries(fields.map((field) => [field, valueFor(field)])), { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: nastyString.map((text) => ({ raw: text })) },
  );
  return fc.tuple(fc.constant(endpoint), body, fc.boolean());
});

async function send(endpoint: (typeof mlflowEndpoints)[number], body: unknown, useCookie: boolean): Promise<Response> {
  const auth: Record<string, string> = useCookie ? { cookie: world.cookies.member, 'x-cairn-team': world.team.slug } : { authorization: `Bearer ${world.tokens.write}` };
  const segment = (value: unknown) => {
    try {
      return encodeURIComponent(String(value ?? 'x')) || 'x';
    } catch {
      return 'x'; // a lone surrogate has no URL form
    }
  };
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => segment((body as Record<string, unknown> | null)?.[name]));
  if (endpoint.method === 'GET') {
    const params = new URLSearchParams();
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      for (const [key, value] of Object.entries(body)) {
        for (const item of Array.isArray(value) ? value : [value]) params.append(key, typeof item === 'string' ? item : JSON.stringify(item) ?? '');
      }
    }
    return app.fetch(`/api/2.0/mlflow/${path}?${params}`, { headers: auth });
  }
  const raw = body && typeof body === 'object' && 'raw' in body && Object.keys(body).length === 1 ? String((body as { raw: string }).raw) : JSON.stringify(body);
  return app.fetch(`/api/2.0/mlflow/${path}`, { method: endpoint.method, headers: { ...auth, 'content-type': 'application/json' }, body: raw });
}

describe('MLflow REST under hostile request bodies', () => {
  it('never answers 500, and a refused request writes nothing', async () => {
    const answered = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(request, async ([endpoint, body, useCookie]) => {
        const before = await databaseFingerprint();
        const response = await send(endpoint, body, useCookie);
        const text = await response.text();
        const what = `${endpoint.method} ${endpoint.path} ${JSON.stringify(body)?.slice(0, 400)} -> ${response.status} ${text.slice(0, 300)}`;
        expect(response.status, what).toBeLessThan(500);
        answered[response.status < 400 ? 'ok' : 'refused'] += 1;
        if (response.status >= 400) {
          expect(JSON.parse(text), what).toMatchObject({ error_code: expect.any(String), message: expect.any(String) });
          expect(await databaseFingerprint(), what).toEqual(before);
        }
      }),
      fuzzOptions(400, 150),
    );
    // Not vacuous: a good share of the requests got past validation and did their work.
    console.log(`[fuzz] MLflow REST: ${answered.ok} answered, ${answered.refused} refused`);
    expect(answered.ok).toBeGreaterThan((answered.ok + answered.refused) / 10);
  }, FUZZ_TIMEOUT);
});
