// The live event stream (/api/events) goes through the same authorization as the data: a
// member watches their team's runs, projects, threads and their own inbox; another team's
// objects are NOT_FOUND (404), anonymous callers 401, malformed topics 400. (Share links:
// tests/sharing/share-isolation.test.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import { saveComparison } from '../../lib/comparisons/save-comparison.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { createRun } from '../../lib/tracking/runs/create-run.ts';
import { setupTestApp } from '../helpers/app.ts';
import { principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';

const app = setupTestApp();
let world: TeamWorld;
const own = { projectId: '', runId: '', comparisonId: '' };
const other = { projectId: '', runId: '', comparisonId: '' };

beforeAll(async () => {
  world = await teamWorld();
  for (const [target, teamId, userId] of [
    [own, world.team.id, world.users.member.id],
    [other, world.otherTeam.id, world.otherOwner.id],
  ] as const) {
    const principal = await principalFor(userId);
    const project = await createProject(principal, { teamId, name: 'live' });
    const [a, b] = [await createRun(principal, { projectId: project.id }), await createRun(principal, { projectId: project.id })];
    Object.assign(target, { projectId: String(project.id), runId: a.id, comparisonId: (await saveComparison(principal, { teamId, name: 'c', runIds: [a.id, b.id] })).id });
  }
});

async function status(topics: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await app.fetch(`/api/events?topics=${encodeURIComponent(topics)}`, { headers, signal: controller.signal });
  const result = { status: response.status, type: response.headers.get('content-type') ?? '' };
  controller.abort();
  await response.body?.cancel().catch(() => undefined);
  return result;
}

describe('/api/events', () => {
  it("streams the caller's own team's topics and inbox, by session or token", async () => {
    const topics = [`run:${own.runId}`, `project:${own.projectId}`, `thread:RUN:${own.runId}`, `thread:COMPARISON:${own.comparisonId}`, 'inbox'].join(',');
    for (const headers of [{ cookie: world.cookies.viewer }, { authorization: `Bearer ${world.tokens.read}` }] as Record<string, string>[]) {
      const result = await status(topics, headers);
      expect(result.status).toBe(200);
      expect(result.type).toMatch(/^text\/event-stream/);
    }
  });

  it("answers 404 for any topic of another team, even next to the caller's own", async () => {
    for (const topic of [`run:${other.runId}`, `project:${other.projectId}`, `thread:RUN:${other.runId}`, `thread:COMPARISON:${other.comparisonId}`, `run:${'f'.repeat(32)}`]) {
      expect((await status(`run:${own.runId},${topic}`, { cookie: world.cookies.owner })).status, topic).toBe(404);
    }
  });

  it('answers 401 without credentials and 400 for topics it does not know', async () => {
    expect((await status(`run:${own.runId}`, {})).status).toBe(401);
    expect((await status('everything', { cookie: world.cookies.owner })).status).toBe(400);
    expect((await status('', { cookie: world.cookies.owner })).status).toBe(400);
    expect((await status(Array.from({ length: 51 }, () => `run:${own.runId}`).map((t, i) => `${t}${i}`).join(','), { cookie: world.cookies.owner })).status).toBe(400);
  });
});
