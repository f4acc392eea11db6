// Export downloads over HTTP, under the same authorization as GraphQL: the link GraphQL
// hands out downloads with the session cookie or an API token (read tokens too), streams
// CSV and Parquet with attachment headers; anonymous callers get 401, another team's
// project or run 404 (through GraphQL: NOT_FOUND), bad input 400, never a 500. A share
// link exports nothing, not even the history of the run it names: 404 / NOT_FOUND.
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedSearchProject, type SeededRun } from '../helpers/analysis-world.ts';
import { setupTestApp } from '../helpers/app.ts';
import { principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { gql, ok, type Credentials } from '../graphql/client.ts';
import { addComment } from '../../lib/comments/add-comment.ts';
import { saveComparison } from '../../lib/comparisons/save-comparison.ts';
import { createShareLink } from '../../lib/sharing/create-share-link.ts';

const app = setupTestApp();

let world: TeamWorld;
let projectId: string;
let runs: SeededRun[];

beforeAll(async () => {
  world = await teamWorld();
  ({ projectId, runs } = await seedSearchProject(await principalFor(world.users.member.id), world.team.id, { runs: 6, name: 'census sweep' }));
});

const session = (): Credentials => ({ cookie: world.cookies.viewer });

async function download(url: string, credentials: Credentials, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { ...extra };
  if (credentials?.cookie) headers.cookie = credentials.cookie;
  if (credentials?.token) headers.authorization = `Bearer ${credentials.token}`;
  return app.fetch(url, { headers });
}

async function exportLink(format: 'CSV' | 'PARQUET', credentials: Credentials) {
  const result = await gql<{ runsExport: { url: string; filename: string; contentType: string } }>(
    app,
    'query($input: RunsExportInput!) { runsExport(input: $input) { url filename contentType } }',
    { input: { projectId, format, columns: ['attributes.run_name', 'params.optimizer', 'metrics.accuracy'], filter: "params.batch = '64'", orderBy: ['metrics.accuracy DESC'], quick: { statuses: ['FINISHED'] } } },
    credentials,
  );
  return ok(result).runsExport;
}

describe('runs table export downloads', () => {
  it('downloads the CSV GraphQL links to, with the session cookie, as an attachment', async () => {
    const link = await exportLink('CSV', session());
    expect(link).toMatchObject({ filename: 'census-sweep-runs.csv', contentType: 'text/csv; charset=utf-8' });
    const response = await download(link.url, session());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="census-sweep-runs.csv"; filename*=UTF-8''census-sweep-runs.csv`);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('run_id,run_name,params.optimizer,metrics.accuracy');
    // batch 64 = the odd trials; by accuracy, best first, trial 5's NaN last (as MLflow sorts).
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(['trial-003', 'trial-001', 'trial-005']);
    expect(lines[3]).toBe(`${runs[5].id},trial-005,rmsprop,NaN`);
  });

  it('downloads Parquet with a read token', async () => {
    const credentials = { token: world.tokens.read };
    const link = await exportLink('PARQUET', credentials);
    const response = await download(link.url, credentials);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    const rows = (await parquetReadObjects({ file: await response.arrayBuffer() })) as Record<string, unknown>[];
    expect(rows.map((row) => row.run_name)).toEqual(['trial-003', 'trial-001', 'trial-005']);
  });

  it('refuses anonymous callers (401), other teams (404) and bad input (400)', async () => {
    const link = await exportLink('CSV', session());
    expect((await download(link.url, null)).status).toBe(401);
    const outsider = { cookie: world.otherOwnerCookie };
    const response = await download(link.url, outsider);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: `Experiment '${projectId}' not found` } });
    const refused = await gql(app, 'query($input: RunsExportInput!) { runsExport(input: $input) { url } }', { input: { projectId, format: 'CSV' } }, outsider);
    expect(refused.code).toBe('NOT_FOUND');
    for (const bad of [`/api/export/projects/${projectId}/runs?format=xlsx`, `/api/export/projects/${projectId}/runs?format=csv&column=lr`, `/api/export/projects/${projectId}/runs?filter=metrics.x%20%3E`, '/api/export/projects/abc/runs?format=csv']) {
      expect((await download(bad, session())).status, bad).toBe(400);
    }
  });
});

describe('metric history downloads', () => {
  it('downloads a run\'s history as CSV with the link GraphQL gives; others get 404', async () => {
    const result = await gql<{ metricHistoryExport: { url: string; filename: string } }>(
      app,
      'query($runId: ID!) { metricHistoryExport(runId: $runId, keys: ["loss"]) { url filename } }',
      { runId: runs[2].id },
      session(),
    );
    const link = ok(result).metricHistoryExport;
    expect(link.filename).toBe('trial-002-metrics.csv');
    const response = await download(link.url, { token: world.tokens.read });
    expect(response.status).toBe(200);
    expect((await response.text()).trimEnd().split('\n')).toEqual(['key,step,timestamp,value', 'loss,0,1700000120000,0.3333333333333333', 'loss,1,1700000121000,0.25', 'loss,2,1700000122000,0.2']);
    expect((await download(link.url, { cookie: world.otherOwnerCookie })).status).toBe(404);
    expect((await download(link.url, null)).status).toBe(401);
  });
});

describe('exports and share links', () => {
  it('a run link or a comparison link downloads nothing, not even its own run\'s history', async () => {
    const member = await principalFor(world.users.member.id);
    const comparison = await saveComparison(member, { teamId: world.team.id, name: 'two trials', runIds: [runs[1].id, runs[2].id] });
    const links = [
      await createShareLink(member, { targetType: 'RUN', targetId: runs[2].id, includeComments: true, allowArtifacts: true }),
      await createShareLink(member, { targetType: 'COMPARISON', targetId: comparison.id, includeComments: true, allowArtifacts: true }),
    ];
    const history = `/api/export/runs/${runs[2].id}/metrics`;
    const table = `/api/export/projects/${projectId}/runs?format=csv&column=metrics.loss`;
    expect((await download(history, session())).status).toBe(200);
    for (const link of links) {
      const asLink = { 'x-cairn-share': link.secret };
      for (const url of [history, table]) {
        const response = await download(url, null, asLink);
        expect({ url, status: response.status }).toEqual({ url, status: 404 });
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
      }
      // The same through GraphQL: no download link for a share link.
      const asked = await app.fetch('/api/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...asLink },
        body: JSON.stringify({ query: 'query($id: ID!) { metricHistoryExport(runId: $id) { url } }', variables: { id: runs[2].id } }),
      });
      const body = (await asked.json()) as { data: unknown; errors?: { extensions: { code: string } }[] };
      expect(body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      expect(body.data).toBeNull();
    }
  });
});

describe('the comment count column', () => {
  it('exports each run\'s live comments, as the runs table counts them', async () => {
    const member = await principalFor(world.users.member.id);
    await addComment(member, { targetType: 'RUN', targetId: runs[0].id, body: 'first' });
    await addComment(member, { targetType: 'RUN', targetId: runs[0].id, body: 'second' });
    await addComment(member, { targetType: 'RUN', targetId: runs[3].id, body: 'only one' });
    const response = await download(`/api/export/projects/${projectId}/runs?format=csv&orderBy=attributes.run_name&column=attributes.run_name&column=attributes.comment_count`, session());
    expect(response.status).toBe(200);
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('run_id,run_name,comment_count');
    const counts = Object.fromEntries(lines.slice(1).map((line) => line.split(',').slice(1)));
    expect(counts).toMatchObject({ 'trial-000': '2', 'trial-001': '0', 'trial-003': '1' });
  });
});
