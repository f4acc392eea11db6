// The lineage questions a client outside Cairn asks with a read token, on the seed's chain
// built through the APIs (seed-chain.ts): what trained the production model and which code
// and people made it (one query); a dataset's blast radius (one query); runs per digest; the
// prediction audit; the reproducibility report; traversals; declared edges.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestApp } from '../helpers/app.ts';
import { teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { gql, ok } from '../graphql/client.ts';
import { buildSeedChain, type SeedChain } from './seed-chain.ts';

const app = setupTestApp();
let world: TeamWorld;
let chain: SeedChain;

beforeAll(async () => {
  world = await teamWorld();
  chain = await buildSeedChain(async (method, path, body, contentType) => {
    const response = await app.fetch(path, {
      method,
      headers: { authorization: `Bearer ${world.tokens.write}`, 'content-type': contentType ?? 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text };
  });
}, 120_000);

const read = () => ({ token: world.tokens.read });

describe('the done-when questions, with a read token', () => {
  it('answers "what data trained the model in production, and which code and people made it" in one query', async () => {
    const result = ok(
      await gql<any>(
        app,
        `query($slug: String!, $model: String!) {
          team(slug: $slug) { registeredModel(name: $model) { productionVersion {
            version createdBy { email }
            run { name codeVersion user author { email } }
            fineTunedFrom { version run { codeVersion } }
            trainingData { dataset { name digest location } run { name codeVersion user author { email } } viaVersion { version } context }
          } } }
        }`,
        { slug: world.team.slug, model: chain.model },
        read(),
      ),
    );
    const production = result.team.registeredModel.productionVersion;
    expect(production.version).toBe(2);
    expect(production.run).toMatchObject({ name: 'fine-tune-fraud-v2', codeVersion: 'c3d4e5f6a7b8', user: 'ada', author: { email: world.users.member.email } });
    expect(production.createdBy.email).toBe(world.users.member.email);
    expect(production.fineTunedFrom).toEqual([{ version: 1, run: { codeVersion: 'b2c3d4e5f6a7' } }]);
    const data = production.trainingData.map((t: any) => [t.dataset.name, t.dataset.digest, t.run.name, t.viaVersion.version, t.context]);
    expect(data.sort()).toEqual(
      [
        ['training_data', 'd474v001', 'train-fraud-v1', 1, 'training'],
        ['training_data', 'd474v002', 'fine-tune-fraud-v2', 2, 'training'],
      ].sort(),
    );
    expect(production.trainingData[0].dataset.location).toBe('s3://lake/training/fraud_v2.parquet');
  });

  it("answers a dataset's blast radius (\"which production models used it?\") in one query, from its name", async () => {
    const result = ok(
      await gql<any>(
        app,
        `query($slug: String!) { team(slug: $slug) { datasets(name: "raw_transactions") { edges { node {
            digest downstreamModelVersions(stages: [PRODUCTION]) { depth modelVersion { version stage model { name } } }
            all: downstreamModelVersions { modelVersion { version } }
        } } } } }`,
        { slug: world.team.slug },
        read(),
      ),
    );
    const [raw] = result.team.datasets.edges;
    expect(raw.node.digest).toBe('r4w0001');
    // Nearest path: raw -(derived)-> cleaned -(derived)-> features -(derived)-> training data -> train -> logged model -> v1 -(fine-tuned)-> v2
    expect(raw.node.downstreamModelVersions).toEqual([{ depth: 7, modelVersion: { version: 2, stage: 'PRODUCTION', model: { name: chain.model } } }]);
    expect(raw.node.all.map((v: any) => v.modelVersion.version).sort()).toEqual([1, 2]);
  });

  it('lists the runs and versions that used each digest (data-change detection)', async () => {
    const result = ok(
      await gql<any>(app, 'query($id: ID!) { dataset(id: $id) { name digests { digest runs { name } modelVersions { version } } } }', { id: chain.datasets.trainingData }, read()),
    );
    expect(result.dataset.digests.map((d: any) => [d.digest, d.runs.map((r: any) => r.name), d.modelVersions.map((v: any) => v.version)])).toEqual([
      ['d474v002', ['fine-tune-fraud-v2'], [2]],
      ['d474v001', ['train-fraud-v1'], [1]],
    ]);
  });

  it('audits a prediction run: the model version it used and the training data behind it', async () => {
    const result = ok(
      await gql<any>(
        app,
        `query($id: ID!) { predictionAudit(runId: $id) {
          run { name } modelVersions { version stage } inputs { name digest } predictions { name digest }
          trainingData { dataset { name digest } viaVersion { version } }
        } }`,
        { id: chain.runs.inference },
        read(),
      ),
    );
    const audit = result.predictionAudit;
    expect(audit.modelVersions).toEqual([{ version: 2, stage: 'PRODUCTION' }]);
    expect(audit.inputs).toEqual([{ name: 'scoring_batch', digest: '5c0e0001' }]);
    expect(audit.predictions).toEqual([{ name: 'predictions', digest: 'p7ed0001' }]);
    expect(audit.trainingData.map((t: any) => `${t.dataset.digest}@v${t.viaVersion.version}`).sort()).toEqual(['d474v001@v1', 'd474v002@v2']);
  });

  it('reports what a run is missing to be reproduced, and what a version has', async () => {
    const result = ok(
      await gql<any>(
        app,
        `query($clean: ID!, $train: ID!, $v1: ID!) {
          clean: run(id: $clean) { reproducibility { complete missing items { key status fix } } }
          train: run(id: $train) { reproducibility { complete items { key status detail } } }
          v1: modelVersion(id: $v1) { reproducibility { items { key status detail } } }
        }`,
        { clean: chain.runs.clean, train: chain.runs.train, v1: chain.versions.v1 },
        read(),
      ),
    );
    const status = (items: any[]) => Object.fromEntries(items.map((i) => [i.key, i.status]));
    expect(status(result.clean.reproducibility.items)).toEqual({ CODE_VERSION: 'PRESENT', DATA: 'PRESENT', PARAMETERS: 'MISSING', SEED: 'MISSING', ENVIRONMENT: 'MISSING', PARENT_RUN: 'NOT_APPLICABLE' });
    expect(result.clean.reproducibility.complete).toBe(false);
    expect(result.clean.reproducibility.missing).toBe(3);
    expect(result.clean.reproducibility.items.find((i: any) => i.key === 'SEED').fix).toMatch(/log_param\('seed'/);
    expect(status(result.train.reproducibility.items)).toEqual({ CODE_VERSION: 'PRESENT', DATA: 'PRESENT', PARAMETERS: 'PRESENT', SEED: 'PRESENT', ENVIRONMENT: 'PRESENT', PARENT_RUN: 'NOT_APPLICABLE' });
    expect(result.train.reproducibility.complete).toBe(true);
    expect(result.v1.reproducibility.items.find((i: any) => i.key === 'ENVIRONMENT').detail).toBe('model/conda.yaml, model/requirements.txt');
  });
});

describe('traversal', () => {
  const lineage = async (variables: Record<string, unknown>) =>
    ok(
      await gql<any>(
        app,
        'query($id: ID!, $direction: LineageDirection, $depth: Int, $kinds: [LineageNodeKind!], $limit: Int) { lineage(nodeId: $id, direction: $direction, depth: $depth, kinds: $kinds, limit: $limit) { truncated start { id } nodes { id kind label depth side url } edges { from to kind origin } } }',
        variables,
        read(),
      ),
    ).lineage;

  it('walks upstream from the production version to the raw data, each node once, with its edges', async () => {
    const graph = await lineage({ id: `model_version:${chain.versions.v2}`, direction: 'UPSTREAM', depth: 20 });
    const labels = graph.nodes.map((n: any) => n.label);
    expect(labels[0]).toBe(`${chain.model} v2`);
    for (const label of ['raw_transactions', 'cleaned_transactions', 'features', 'training_data', 'train-fraud-v1', `${chain.model} v1`, 'fine-tune-fraud-v2']) expect(labels).toContain(label);
    expect(new Set(graph.nodes.map((n: any) => n.id)).size).toBe(graph.nodes.length);
    expect(graph.nodes.every((n: any) => n.side !== 'DOWNSTREAM')).toBe(true);
    expect(graph.edges).toContainEqual({ from: `model_version:${chain.versions.v1}`, to: `model_version:${chain.versions.v2}`, kind: 'FINE_TUNED', origin: 'TAG' });
    expect(graph.edges).toContainEqual({ from: `dataset:${chain.datasets.features}`, to: `dataset:${chain.datasets.trainingData}`, kind: 'DERIVED', origin: 'GRAPHQL' });
    expect(graph.nodes.find((n: any) => n.kind === 'RUN').url).toMatch(new RegExp(`^/t/${world.team.slug}/runs/`));
    expect(graph.truncated).toBe(false);
  });

  it('keeps to the depth and direction asked, and filters node kinds', async () => {
    const one = await lineage({ id: `run:${chain.runs.train}`, direction: 'DOWNSTREAM', depth: 1 });
    expect(one.nodes.map((n: any) => [n.kind, n.depth])).toEqual([['RUN', 0], ['LOGGED_MODEL', 1]]);
    const up = await lineage({ id: `run:${chain.runs.train}`, direction: 'UPSTREAM', depth: 1 });
    expect(up.nodes.map((n: any) => n.label)).toEqual(['train-fraud-v1', 'training_data']);
    const versions = await lineage({ id: `dataset:${chain.datasets.raw}`, direction: 'DOWNSTREAM', depth: 20, kinds: ['MODEL_VERSION'] });
    expect(versions.nodes.map((n: any) => n.kind)).toEqual(['DATASET', 'MODEL_VERSION', 'MODEL_VERSION']);
  });

  it('marks the result truncated when the node limit cuts it', async () => {
    const capped = await lineage({ id: `dataset:${chain.datasets.raw}`, direction: 'DOWNSTREAM', depth: 20, limit: 3 });
    expect(capped.truncated).toBe(true);
    expect(capped.nodes).toHaveLength(3);
    expect(capped.edges.every((e: any) => capped.nodes.some((n: any) => n.id === e.from) && capped.nodes.some((n: any) => n.id === e.to))).toBe(true);
  });

  it('is safe on cycles: a declared loop is walked once', async () => {
    const loop = await gql(app, 'mutation($from: ID!, $to: ID!) { declareLineage(input: { kind: DERIVED, from: $from, to: $to }) { id } }', { from: `dataset:${chain.datasets.trainingData}`, to: `dataset:${chain.datasets.raw}` }, { token: world.tokens.write });
    expect(loop.code).toBe('OK');
    const graph = await lineage({ id: `dataset:${chain.datasets.raw}`, direction: 'BOTH', depth: 20 });
    expect(new Set(graph.nodes.map((n: any) => n.id)).size).toBe(graph.nodes.length);
    const removed = await gql(app, 'mutation($id: ID!) { removeLineage(edgeId: $id) }', { id: (loop.data as any).declareLineage.id }, { token: world.tokens.write });
    expect(removed.code).toBe('OK');
  });
});

describe('declared edges', () => {
  it('declares an inference run in one call and refuses references across teams (NOT_FOUND, nothing written)', async () => {
    const before = await db.lineageEdge.count();
    const theirs = await db.dataset.create({ data: { teamId: world.otherTeam.id, name: 'their-data', digest: 'x', sourceType: 'local', source: '{}' } });
    const refused = await gql(app, 'mutation($from: ID!, $to: ID!) { declareLineage(input: { kind: INPUT, from: $from, to: $to }) { id } }', { from: `dataset:${theirs.id}`, to: `run:${chain.runs.inference}` }, { token: world.tokens.write });
    expect(refused.code).toBe('NOT_FOUND');
    const readToken = await gql(app, 'mutation($from: ID!, $to: ID!) { declareLineage(input: { kind: DERIVED, from: $from, to: $to }) { id } }', { from: `dataset:${chain.datasets.raw}`, to: `dataset:${chain.datasets.cleaned}` }, read());
    expect(readToken.code).toBe('FORBIDDEN');
    const wrongKinds = await gql(app, 'mutation($from: ID!, $to: ID!) { declareLineage(input: { kind: FINE_TUNED, from: $from, to: $to }) { id } }', { from: `dataset:${chain.datasets.raw}`, to: `run:${chain.runs.train}` }, { token: world.tokens.write });
    expect(wrongKinds.code).toBe('BAD_USER_INPUT');
    expect(await db.lineageEdge.count()).toBe(before);

    const run = await app.fetch('/api/2.0/mlflow/runs/create', { method: 'POST', headers: { authorization: `Bearer ${world.tokens.write}`, 'content-type': 'application/json' }, body: JSON.stringify({ experiment_id: chain.experimentId, run_name: 'batch-scoring' }) });
    const runId = ((await run.json()) as any).run.info.run_id;
    const declared = ok(
      await gql<any>(
        app,
        `mutation($input: DeclareInferenceInput!) { declareInference(input: $input) { modelVersions { version } inputs { name } predictions { name digest location } trainingData { dataset { digest } } } }`,
        { input: { runId, modelVersionIds: [chain.versions.v2], inputDatasetIds: [chain.datasets.scoring], predictions: [{ name: 'scores', digest: 'abc123', source: 's3://lake/scores/x.csv' }] } },
        { token: world.tokens.write },
      ),
    );
    expect(declared.declareInference).toMatchObject({ modelVersions: [{ version: 2 }], inputs: [{ name: 'scoring_batch' }], predictions: [{ name: 'scores', digest: 'abc123', location: 's3://lake/scores/x.csv' }] });
    expect(declared.declareInference.trainingData).toHaveLength(2);
  });
});
