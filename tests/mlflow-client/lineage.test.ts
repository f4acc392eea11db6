// The real MLflow client (2.22 and 3.6) logs as a team's scripts do (log_input of pandas
// datasets, log_model, nested runs, register_model, stages) plus the cairn.* tags, unchanged;
// Cairn records the lineage graph from it, and a client with a read token reads it back.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestApp } from '../helpers/app.ts';
import { createTokenFixture, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { gql, ok } from '../graphql/client.ts';
import { MLFLOW_VERSIONS, runScenario } from './harness.ts';

const app = setupTestApp();
let world: TeamWorld;
beforeAll(async () => {
  world = await teamWorld();
});

type LineageResult = { prepare: string; train: string; fold: string; version: string; inference: string; raw_digest: string; clean_digest: string; model_id?: string; refused: string };

describe.each(MLFLOW_VERSIONS)('the MLflow %s client', (version) => {
  const v = version.replace('.', '');
  let result: LineageResult;
  const edges = async (node: string) =>
    (await db.lineageEdge.findMany({ where: { teamId: world.team.id, OR: [{ fromNode: node }, { toNode: node }] }, orderBy: { id: 'asc' } })).map((e) => `${e.fromNode} ${e.kind} ${e.toNode}`);
  const dataset = (name: string, digest: string) => db.dataset.findFirstOrThrow({ where: { teamId: world.team.id, name, digest } });

  beforeAll(async () => {
    const { token } = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'WRITE' });
    ({ result } = await runScenario<LineageResult>({ version, scenario: 'lineage', trackingUri: await app.httpUrl(), token, args: { experiment: `lineage-${v}`, model: `churn-${v}` } }));
  }, 300_000);

  it('records log_input, cairn.outputs and cairn.derived_from: raw -> prepare -> clean, clean derived from raw', async () => {
    const raw = await dataset('raw_events', result.raw_digest);
    const clean = await dataset('clean_events', result.clean_digest);
    expect(raw.location).toBe('s3://lake/raw/events.csv');
    expect(await edges(`run:${result.prepare}`)).toEqual(expect.arrayContaining([`dataset:${raw.id} INPUT run:${result.prepare}`, `run:${result.prepare} OUTPUT dataset:${clean.id}`]));
    expect(await edges(`dataset:${clean.id}`)).toContain(`dataset:${raw.id} DERIVED dataset:${clean.id}`);
  });

  it('records the trained model and its registration, and the nested run', async () => {
    const clean = await dataset('clean_events', result.clean_digest);
    const logged = await db.loggedModel.findMany({ where: { runId: result.train, deletedAt: null } });
    expect(logged).toHaveLength(1);
    const versionRow = await db.modelVersion.findFirstOrThrow({ where: { runId: result.train } });
    expect(await edges(`run:${result.train}`)).toEqual(
      expect.arrayContaining([`dataset:${clean.id} INPUT run:${result.train}`, `run:${result.train} PRODUCED logged_model:${logged[0].id}`, `run:${result.train} PARENT run:${result.fold}`]),
    );
    expect(await edges(`model_version:${versionRow.id}`)).toContain(`logged_model:${logged[0].id} REGISTERED model_version:${versionRow.id}`);
    if (version === '3.6') expect(logged[0].id).toBe(result.model_id);
  });

  it('records the inference run: the production version it used (cairn.model) and, with MLflow 3, the logged model input', async () => {
    const versionRow = await db.modelVersion.findFirstOrThrow({ where: { runId: result.train } });
    const inbound = await edges(`run:${result.inference}`);
    expect(inbound).toContain(`model_version:${versionRow.id} MODEL_INPUT run:${result.inference}`);
    if (version === '3.6') expect(inbound).toContain(`logged_model:${result.model_id} MODEL_INPUT run:${result.inference}`);
    expect(result.refused).toBe('RESOURCE_DOES_NOT_EXIST');
    // A read token answers the prediction audit from it.
    const audit = ok(
      await gql<any>(app, 'query($id: ID!) { predictionAudit(runId: $id) { modelVersions { version } inputs { name } trainingData { dataset { name digest } run { id } } } }', { id: result.inference }, { token: world.tokens.read }),
    ).predictionAudit;
    expect(audit.modelVersions.map((m: any) => String(m.version))).toEqual([result.version]);
    expect(audit.inputs.map((i: any) => i.name)).toEqual(['scoring_batch']);
    expect(audit.trainingData).toEqual([{ dataset: { name: 'clean_events', digest: result.clean_digest }, run: { id: result.train } }]);
  });
});
