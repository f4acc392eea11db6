// OpenLineage events at POST /api/v1/lineage (Marquez's endpoint): the specification's own
// example events, invalid ones, repeated deliveries, who may post, and how reported datasets
// join MLflow's (same location, same version/digest) and never another team's.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestApp } from '../helpers/app.ts';
import { createTokenFixture, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { gql, ok } from '../graphql/client.ts';

const app = setupTestApp();
let world: TeamWorld;
let theirToken: string;

beforeAll(async () => {
  world = await teamWorld();
  theirToken = (await createTokenFixture({ userId: world.otherOwner.id, teamId: world.otherTeam.id, scope: 'WRITE' })).token;
});

const post = (event: unknown, token: string | null = world.tokens.write, contentType = 'application/json') =>
  app.fetch('/api/v1/lineage', {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof event === 'string' ? event : JSON.stringify(event),
  });

const facet = (extra: Record<string, unknown>) => ({ _producer: 'https://github.com/apache/airflow/tree/2.10', _schemaURL: 'https://openlineage.io/spec/facets/1-0-0/X.json', ...extra });

function runEvent(input: { runId?: string; type?: string; time?: string; job?: string; inputs?: unknown[]; outputs?: unknown[]; parent?: string }) {
  return {
    eventType: input.type ?? 'COMPLETE',
    eventTime: input.time ?? '2025-10-30T14:00:00.123456Z',
    producer: 'https://github.com/apache/airflow/tree/providers-openlineage/1.12.0',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: input.runId ?? randomUUID(), facets: input.parent ? { parent: facet({ run: { runId: randomUUID() }, job: { namespace: 'airflow', name: input.parent } }) } : {} },
    job: { namespace: 'airflow', name: input.job ?? 'etl.clean_transactions', facets: { jobType: facet({ processingType: 'BATCH', integration: 'AIRFLOW', jobType: 'TASK' }) } },
    inputs: input.inputs ?? [],
    outputs: input.outputs ?? [],
  };
}

const olDataset = (namespace: string, name: string, version?: string) => ({
  namespace,
  name,
  facets: { schema: facet({ fields: [{ name: 'amount', type: 'double' }] }), ...(version ? { version: facet({ datasetVersion: version }) } : {}) },
});

async function mlflowRunReading(uri: string, digest: string, name = 'txns') {
  const api = async (p: string, body: unknown) => {
    const r = await app.fetch(`/api/2.0/mlflow/${p}`, { method: 'POST', headers: { authorization: `Bearer ${world.tokens.write}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(r.status, p).toBe(200);
    return r.json() as Promise<any>;
  };
  const runId = (await api('runs/create', { experiment_id: '0', run_name: `train-${digest}` })).run.info.run_id as string;
  await api('runs/log-inputs', { run_id: runId, datasets: [{ dataset: { name, digest, source_type: 's3', source: JSON.stringify({ uri }) }, tags: [] }] });
  return runId;
}

const upstreamLabels = async (runId: string) =>
  ok(await gql<any>(app, 'query($id: ID!) { lineage(nodeId: $id, direction: UPSTREAM, depth: 5) { nodes { kind label } } }', { id: `run:${runId}` }, { token: world.tokens.read })).lineage.nodes.map(
    (n: any) => `${n.kind}:${n.label}`,
  );

describe('the specification', () => {
  it("accepts its example events (run, job and dataset events) and records what they name", async () => {
    const dir = path.join(import.meta.dirname, 'openlineage-events');
    for (const file of fs.readdirSync(dir)) {
      const response = await post(fs.readFileSync(path.join(dir, file), 'utf8'));
      expect(response.status, `${file}: ${await response.clone().text()}`).toBe(201);
    }
    const jobs = await db.lineageJob.findMany({ where: { teamId: world.team.id }, orderBy: { name: 'asc' } });
    expect(jobs.map((j) => `${j.namespace}/${j.name}`)).toEqual(['food_delivery/dbt', 'openlineage/name']);
    // The job event's dataset_a -> job -> dataset_b.
    const datasets = await db.dataset.findMany({ where: { teamId: world.team.id, sourceType: 'openlineage' }, orderBy: { name: 'asc' } });
    expect(datasets.map((d) => d.name)).toEqual(expect.arrayContaining(['openlineage/dataset_a', 'openlineage/dataset_b']));
    const job = jobs.find((j) => j.name === 'name')!;
    const edges = await db.lineageEdge.findMany({ where: { teamId: world.team.id, OR: [{ toNode: `job:${job.id}` }, { fromNode: `job:${job.id}` }] }, select: { kind: true, origin: true } });
    expect(edges).toEqual(expect.arrayContaining([{ kind: 'INPUT', origin: 'OPENLINEAGE' }, { kind: 'OUTPUT', origin: 'OPENLINEAGE' }]));
    expect(job.facets).toEqual({});
    expect(await db.openLineageEvent.count({ where: { teamId: world.team.id } })).toBe(4);
  });

  it('refuses invalid events with 400 and what the schema says, and writes nothing', async () => {
    const before = { events: await db.openLineageEvent.count(), jobs: await db.lineageJob.count(), datasets: await db.dataset.count(), edges: await db.lineageEdge.count() };
    const valid = runEvent({});
    const invalid: [string, unknown, RegExp][] = [
      ['not a uuid', { ...valid, run: { runId: 'run-42' } }, /runId must match format "uuid"/],
      ['unknown event type', { ...valid, eventType: 'DONE' }, /eventType must be equal to one of the allowed values: START, RUNNING, COMPLETE, ABORT, FAIL, OTHER/],
      ['no job name', { ...valid, job: { namespace: 'airflow' } }, /job must have required property 'name'/],
      ['no producer', { ...valid, producer: undefined }, /must have required property 'producer'/],
      ['bad time', { ...valid, eventTime: 'yesterday' }, /eventTime must match format "date-time"/],
      ['facet without _producer', { ...valid, job: { ...valid.job, facets: { sql: { query: 'select 1' } } } }, /_producer/],
      ['dataset without namespace', { ...valid, inputs: [{ name: 'x' }] }, /inputs\/0 must have required property 'namespace'/],
      ['an array', [valid], /Request body must be a JSON object/],
      ['not JSON', '{"eventTime": ', /Malformed JSON/],
    ];
    for (const [what, event, message] of invalid) {
      const response = await post(event);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect({ what, status: response.status, code: body.error.code }).toEqual({ what, status: 400, code: 'BAD_USER_INPUT' });
      expect(body.error.message, what).toMatch(message);
    }
    expect((await post(valid, world.tokens.write, 'text/plain')).status).toBe(400);
    expect({ events: await db.openLineageEvent.count(), jobs: await db.lineageJob.count(), datasets: await db.dataset.count(), edges: await db.lineageEdge.count() }).toEqual(before);
  });

  it('is idempotent on run id and event time: a repeated delivery changes nothing', async () => {
    const event = runEvent({ job: 'etl.dedupe', inputs: [olDataset('s3://lake', 'raw/dupes.csv')], outputs: [olDataset('s3://lake', 'clean/dupes.parquet')] });
    expect((await post(event)).status).toBe(201);
    const snapshot = async () => ({
      events: await db.openLineageEvent.count({ where: { runId: event.run.runId } }),
      edges: await db.lineageEdge.findMany({ where: { teamId: world.team.id, origin: 'OPENLINEAGE' }, orderBy: { id: 'asc' } }),
      datasets: await db.dataset.count({ where: { teamId: world.team.id } }),
    });
    const before = await snapshot();
    const again = await post(event);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate' });
    expect(await snapshot()).toEqual(before);
    // The same run's COMPLETE after its START is a new event.
    expect((await post({ ...event, eventType: 'START', eventTime: '2025-10-30T13:59:00Z' })).status).toBe(201);
    const job = await db.lineageJob.findFirstOrThrow({ where: { teamId: world.team.id, name: 'etl.dedupe' } });
    // The job keeps its latest state, whatever order the events arrive in.
    expect(job).toMatchObject({ lastRunId: event.run.runId, lastEventType: 'COMPLETE' });
  });

  it('needs a write token: 401 without one or with a bad one, 403 with a read token', async () => {
    const event = runEvent({});
    const none = await post(event, null);
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).error.code).toBe('UNAUTHENTICATED');
    expect((await post(event, 'cairn_not_a_token')).status).toBe(401);
    const reader = await post(event, world.tokens.read);
    expect(reader.status).toBe(403);
    expect(((await reader.json()) as any).error.code).toBe('FORBIDDEN');
    expect(await db.openLineageEvent.count({ where: { runId: event.run.runId } })).toBe(0);
    expect((await app.fetch('/api/v1/lineage', { headers: { authorization: `Bearer ${world.tokens.write}` } })).status).toBe(405);
  });
});

describe("joining MLflow's datasets", () => {
  it('joins by location: an Airflow job writing s3://lake/cleaned is upstream of the MLflow run reading any digest of it', async () => {
    const runId = await mlflowRunReading('s3://lake/cleaned/transactions.parquet', 'c0ffee01');
    const event = runEvent({ job: 'etl.clean_transactions', inputs: [olDataset('s3://lake', 'raw/transactions.csv')], outputs: [olDataset('s3://lake', 'cleaned/transactions.parquet')] });
    expect((await post(event)).status).toBe(201);
    const labels = await upstreamLabels(runId);
    expect(labels).toEqual(expect.arrayContaining(['DATASET:txns', 'DATASET:s3://lake/cleaned/transactions.parquet', 'JOB:etl.clean_transactions', 'DATASET:s3://lake/raw/transactions.csv']));
    // A later MLflow digest at the same location joins too.
    const later = await mlflowRunReading('s3a://lake/cleaned/transactions.parquet/', 'c0ffee02');
    expect(await upstreamLabels(later)).toContain('JOB:etl.clean_transactions');
  });

  it('joins by version: a version facet names the MLflow digest of the same data, not the others', async () => {
    const v1 = await mlflowRunReading('postgres://db:5432/shop.public.orders', '41', 'orders');
    const v2 = await mlflowRunReading('postgres://db:5432/shop.public.orders', '42', 'orders');
    const event = runEvent({ job: 'dbt.model.orders', outputs: [olDataset('postgres://db:5432', 'shop.public.orders', '42')] });
    expect((await post(event)).status).toBe(201);
    expect(await upstreamLabels(v2)).toContain('JOB:dbt.model.orders');
    expect(await upstreamLabels(v1)).not.toContain('JOB:dbt.model.orders');
  });

  it('records the parent job of a run (ParentRunFacet)', async () => {
    expect((await post(runEvent({ job: 'etl.child_task', parent: 'etl_dag' }))).status).toBe(201);
    const child = await db.lineageJob.findFirstOrThrow({ where: { teamId: world.team.id, name: 'etl.child_task' } });
    const parent = await db.lineageJob.findFirstOrThrow({ where: { teamId: world.team.id, name: 'etl_dag' } });
    expect(await db.lineageEdge.count({ where: { fromNode: `job:${parent.id}`, toNode: `job:${child.id}`, kind: 'PARENT' } })).toBe(1);
  });

  it("never joins another team's datasets, even at the same location", async () => {
    const mine = await mlflowRunReading('s3://shared-bucket/data.csv', 'aaaa0001', 'shared');
    const theirs = runEvent({ job: 'their.job', outputs: [olDataset('s3://shared-bucket', 'data.csv')] });
    expect((await post(theirs, theirToken)).status).toBe(201);
    expect(await upstreamLabels(mine)).not.toContain('JOB:their.job');
    const theirJob = await db.lineageJob.findFirstOrThrow({ where: { name: 'their.job' } });
    expect(theirJob.teamId).toBe(world.otherTeam.id);
    const crossing = await db.lineageEdge.findMany({ where: { teamId: world.otherTeam.id } });
    const myDatasets = new Set((await db.dataset.findMany({ where: { teamId: world.team.id }, select: { id: true } })).map((d) => `dataset:${d.id}`));
    expect(crossing.filter((e) => myDatasets.has(e.fromNode) || myDatasets.has(e.toNode))).toEqual([]);
    // And our read token cannot open their job.
    expect((await gql(app, 'query($id: ID!) { lineageJob(id: $id) { id } }', { id: theirJob.id }, { token: world.tokens.read })).code).toBe('NOT_FOUND');
  });
});
