// POST /api/v1/lineage (Marquez's endpoint): an OpenLineage event from Airflow, Spark, dbt...
// becomes part of the team's lineage graph. A run event records its job (namespace + name),
// the datasets it read (dataset -> job) and wrote (job -> dataset), and its parent job; job
// events record the same without a run, dataset events the dataset. Datasets join MLflow's
// when they are the same data: the same location (namespace + name read as a URI, e.g.
// s3://lake/raw/events.csv, the way an MLflow source names it) and, when the event carries a
// version facet, the same version (an MLflow digest). Without a version, the dataset stands
// for its location (link-dataset-versions.ts). Everything stays inside the caller's team.
// A run event is recorded once per run id, event time and type: a repeated delivery (the
// spec's at-least-once) changes nothing.
import { randomUUID } from 'node:crypto';
import { actorUserId, authorize, type Principal } from '../../authz/index.ts';
import { withTransaction, type SqlClient } from '../../db/sql.ts';
import { openLineageLocation } from '../dataset-location.ts';
import { insertEdges, type EdgeInput } from '../edges.ts';
import { linkDatasetsAtLocations } from '../link-dataset-versions.ts';
import { datasetNode, jobNode } from '../node-key.ts';
import { eventTimestamp, validateOpenLineageEvent, type OlDataset, type OlEvent, type OlJob } from './validate-event.ts';

export type IngestResult = { status: 'recorded' | 'duplicate'; kind: 'RUN' | 'JOB' | 'DATASET'; jobId: string | null; datasetIds: string[] };

/** Facets as stored: a facet sent with _deleted: true removes the stored one. */
function facetChanges(facets: Record<string, unknown> | undefined): { set: Record<string, unknown>; deleted: string[] } {
  const set: Record<string, unknown> = {};
  const deleted: string[] = [];
  for (const [key, value] of Object.entries(facets ?? {})) {
    if (value && typeof value === 'object' && (value as { _deleted?: unknown })._deleted === true) deleted.push(key);
    else set[key] = value;
  }
  return { set, deleted };
}

async function upsertJob(client: SqlClient, teamId: string, job: OlJob, run: { id: string; type: string | null; time: string } | null, reporterId: string | null): Promise<string> {
  const { set, deleted } = facetChanges(job.facets);
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO lineage_jobs AS j (id, team_id, namespace, name, facets, last_run_id, last_event_type, last_event_time, last_reporter_id, updated_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::timestamptz, $9, now())
     ON CONFLICT (team_id, namespace, name) DO UPDATE SET
       facets = (j.facets - $10::text[]) || excluded.facets,
       last_run_id = CASE WHEN excluded.last_event_time IS NOT NULL AND (j.last_event_time IS NULL OR excluded.last_event_time >= j.last_event_time) THEN excluded.last_run_id ELSE j.last_run_id END,
       last_event_type = CASE WHEN excluded.last_event_time IS NOT NULL AND (j.last_event_time IS NULL OR excluded.last_event_time >= j.last_event_time) THEN excluded.last_event_type ELSE j.last_event_type END,
       last_event_time = greatest(j.last_event_time, excluded.last_event_time),
       last_reporter_id = coalesce(excluded.last_reporter_id, j.last_reporter_id),
       updated_at = now()
     RETURNING id`,
    [randomUUID(), teamId, job.namespace, job.name, JSON.stringify(set), run?.id ?? null, run?.type ?? null, run?.time ?? null, reporterId, deleted],
  );
  return rows[0].id;
}

/** The team's dataset row for an OpenLineage dataset: the same data MLflow or another event named, or a new one. */
async function resolveDataset(client: SqlClient, teamId: string, dataset: OlDataset): Promise<string> {
  const location = openLineageLocation(dataset.namespace, dataset.name);
  const { set } = facetChanges(dataset.facets);
  const version = (set.version as { datasetVersion?: unknown } | undefined)?.datasetVersion;
  const digest = typeof version === 'string' || typeof version === 'number' ? String(version) : '';
  const facets = JSON.stringify(set);
  const found = await client.query<{ id: string }>(
    `UPDATE datasets SET facets = coalesce(facets, '{}'::jsonb) || $4::jsonb
      WHERE id = (SELECT id FROM datasets WHERE team_id = $1 AND location = $2 AND digest = $3 ORDER BY created_at, id LIMIT 1)
      RETURNING id`,
    [teamId, location, digest, facets],
  );
  if (found.rows[0]) return found.rows[0].id;
  const schema = set.schema ? JSON.stringify(set.schema) : null;
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO datasets (id, team_id, name, digest, source_type, source, schema, location, facets)
     VALUES ($1, $2, $3, $4, 'openlineage', $5, $6, $3, $7::jsonb)
     ON CONFLICT (team_id, name, digest) DO UPDATE SET facets = coalesce(datasets.facets, '{}'::jsonb) || excluded.facets
     RETURNING id`,
    [randomUUID(), teamId, location, digest, JSON.stringify({ namespace: dataset.namespace, name: dataset.name }), schema, facets],
  );
  await linkDatasetsAtLocations(client, teamId, [rows[0].id]);
  return rows[0].id;
}

export async function ingestOpenLineageEvent(principal: Principal, input: { teamId: string; event: unknown }): Promise<IngestResult> {
  authorize(principal, 'lineage:write', input.teamId);
  const event: OlEvent = validateOpenLineageEvent(input.event);
  const kind = event.run ? 'RUN' : event.job ? 'JOB' : 'DATASET';
  const time = eventTimestamp(event.eventTime);
  const reporterId = actorUserId(principal);
  return withTransaction(async (client) => {
    const run = event.run ? { id: event.run.runId.toLowerCase(), type: event.eventType ?? 'OTHER', time } : null;
    const jobId = event.job ? await upsertJob(client, input.teamId, event.job, run, reporterId) : null;
    const recorded = await client.query<{ id: string }>(
      `INSERT INTO openlineage_events (team_id, event_kind, event_type, event_time, run_id, job_id, producer, payload, received_by_id)
       VALUES ($1, $2, $3, $4::timestamptz, $5, $6, $7, $8::jsonb, $9)
       ON CONFLICT (team_id, run_id, event_time, event_type) DO NOTHING RETURNING id`,
      [input.teamId, kind, run?.type ?? null, time, run?.id ?? null, jobId, event.producer, JSON.stringify(event), reporterId],
    );
    if (!recorded.rows[0]) return { status: 'duplicate', kind, jobId, datasetIds: [] };

    const datasetIds: string[] = [];
    const edges: EdgeInput[] = [];
    const properties = { producer: event.producer, eventTime: event.eventTime, ...(run ? { runId: run.id, eventType: run.type } : {}) };
    const edge = (from: string, to: string, edgeKind: EdgeInput['kind']): EdgeInput => ({ from, to, kind: edgeKind, origin: 'OPENLINEAGE', properties, createdById: reporterId });
    for (const dataset of event.inputs ?? []) {
      const id = await resolveDataset(client, input.teamId, dataset);
      datasetIds.push(id);
      if (jobId) edges.push(edge(datasetNode(id), jobNode(jobId), 'INPUT'));
    }
    for (const dataset of event.outputs ?? []) {
      const id = await resolveDataset(client, input.teamId, dataset);
      datasetIds.push(id);
      if (jobId) edges.push(edge(jobNode(jobId), datasetNode(id), 'OUTPUT'));
    }
    if (event.dataset) datasetIds.push(await resolveDataset(client, input.teamId, event.dataset));
    const parent = (event.run?.facets?.parent as { job?: { namespace?: unknown; name?: unknown } } | undefined)?.job;
    if (jobId && parent && typeof parent.namespace === 'string' && typeof parent.name === 'string' && (parent.namespace !== event.job!.namespace || parent.name !== event.job!.name)) {
      const parentId = await upsertJob(client, input.teamId, { namespace: parent.namespace, name: parent.name }, null, reporterId);
      edges.push(edge(jobNode(parentId), jobNode(jobId), 'PARENT'));
    }
    // The latest event that reported an edge is the one it keeps in its properties.
    await insertEdges(client, input.teamId, edges, { refresh: true });
    return { status: 'recorded', kind, jobId, datasetIds };
  });
}
