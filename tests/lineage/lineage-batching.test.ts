// A page of lineage answers costs a constant number of SQL queries: training data and
// reproducibility for 2 or 8 versions, blast radius and runs for 2 or 8 datasets. And the
// schema is served as SDL at a stable URL.
import { beforeAll, describe, expect, it } from 'vitest';
import { principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { setupTestApp } from '../helpers/app.ts';
import { countQueries } from '../helpers/count-queries.ts';
import { gqlInProcess } from '../graphql/client.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { createRun } from '../../lib/tracking/runs/create-run.ts';
import { logInputs } from '../../lib/tracking/datasets/log-inputs.ts';
import { uploadArtifact } from '../../lib/tracking/artifacts/upload-artifact.ts';
import { createRegisteredModel } from '../../lib/registry/create-registered-model.ts';
import { createModelVersion } from '../../lib/registry/create-model-version.ts';

const app = setupTestApp();
let world: TeamWorld;

beforeAll(async () => {
  world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  const project = await createProject(member, { teamId: world.team.id, name: 'batching' });
  await createRegisteredModel(member, { teamId: world.team.id, name: 'batched' });
  for (let i = 0; i < 8; i++) {
    const run = await createRun(member, { projectId: project.id, runName: `train-${i}` });
    await logInputs(member, { runId: run.id, datasets: [{ dataset: { name: `data-${i}`, digest: `d${i}`, source_type: 's3', source: `s3://lake/${i}` }, tags: [] }] });
    await uploadArtifact(member, { runId: run.id, path: 'model/MLmodel', body: new Response('x').body });
    await createModelVersion(member, { teamId: world.team.id, name: 'batched' }, { source: `runs:/${run.id}/model` });
  }
});

const VERSIONS = `query($first: Int!) { registeredModel: team(slug: "${'$SLUG'}") { registeredModel(name: "batched") { versions(first: $first) { edges { node {
  trainingData { dataset { name location } run { name } viaVersion { version } }
  reproducibility { missing } fineTunedFrom { id } lineage(depth: 2) { nodes { id label } }
} } } } } }`;
const DATASETS = `query($first: Int!) { team(slug: "${'$SLUG'}") { datasets(first: $first) { edges { node {
  digest runs { name } downstreamModelVersions { depth modelVersion { version } }
} } } } }`;

describe('lineage fields on a page of rows', () => {
  it('cost a constant number of queries (the lineage traversal itself is one per row asked)', async () => {
    const run = (query: string, first: number) => gqlInProcess(query.replace('$SLUG', world.team.slug), { first }, world.cookies.member);
    for (const query of [VERSIONS.replace(' lineage(depth: 2) { nodes { id label } }', ''), DATASETS]) {
      await run(query, 1);
      let small: any;
      let large: any;
      const few = await countQueries(async () => (small = await run(query, 2)));
      const many = await countQueries(async () => (large = await run(query, 8)));
      expect(small.code).toBe('OK');
      expect(large.code).toBe('OK');
      expect(many).toBe(few);
    }
    // The traversal field is a traversal per row: each costs its walk (one statement) and a
    // few to authorize its start and describe its nodes (one per kind), never one per node.
    const two = await countQueries(async () => expect((await run(VERSIONS, 2)).code).toBe('OK'));
    const eight = await countQueries(async () => expect((await run(VERSIONS, 8)).code).toBe('OK'));
    expect((eight - two) / 6).toBeLessThanOrEqual(6);
  });
});

describe('the SDL', () => {
  it('is served at /api/graphql/schema.graphql without credentials', async () => {
    const response = await app.fetch('/api/graphql/schema.graphql');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const sdl = await response.text();
    for (const part of ['type LineageGraph', 'lineage(nodeId: ID!', 'trainingData: [TrainingData!]!', 'downstreamModelVersions(stages: [ModelStage!])', 'predictionAudit(runId: ID!)']) expect(sdl).toContain(part);
  });
});
