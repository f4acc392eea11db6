// With the real MLflow Python client (2.22, ../shared/mlflow through tests/mlflow-client/harness.ts): the run's note is one thing
// both ways (a note set by the client is the run page's description; a description edited in
// Cairn is what the client reads back), and the "View run at <link>" line the client prints
// opens the matching Cairn page for the signed-in person (and nobody else's).
// Needs an HTTP server the client can reach: runs under `npm test` (CAIRN_TEST_TARGET=server).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp } from '../helpers/app.ts';
import { teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { gql, ok } from '../graphql/client.ts';
import { mlflowPythonPath } from '../mlflow-client/harness.ts';

const serverMode = process.env.CAIRN_TEST_TARGET === 'server';
const app = setupTestApp();

const run = promisify(execFile);

/**
 * Runs a script with the real MLflow client. Asynchronously: a blocked event loop would keep
 * the HTTP client from noticing that the server closed its idle keep-alive sockets meanwhile.
 */
async function python(script: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return run('/usr/bin/python3', ['-c', script], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PYTHONPATH: await mlflowPythonPath('2.22'), MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0', ...env },
  });
}

describe.skipIf(!serverMode)('collaboration with the real MLflow client', () => {
  let world: TeamWorld;
  let env: Record<string, string>;
  let runId = '';
  let printed = '';

  beforeAll(async () => {
    world = await teamWorld();
    env = { MLFLOW_TRACKING_URI: app.baseUrl, MLFLOW_TRACKING_TOKEN: world.tokens.write };
    const { stdout, stderr } = await python(
      `
import mlflow
mlflow.set_experiment("notes")
with mlflow.start_run(run_name="noted") as run:
    mlflow.log_metric("loss", 0.5)
    mlflow.set_tag("mlflow.note.content", "Set from **python**")
print("RUN_ID=" + run.info.run_id)
`,
      env,
    );
    runId = /RUN_ID=([0-9a-f]{32})/.exec(stdout)![1];
    printed = `${stdout}\n${stderr}`;
  }, 180_000);

  it('shows the note the client set as the run description, and the client reads back what Cairn saves', async () => {
    const cookie = { cookie: world.cookies.member };
    const read = ok(await gql<{ run: { note: string } }>(app, 'query($id: ID!) { run(id: $id) { note } }', { id: runId }, cookie));
    expect(read.run.note).toBe('Set from **python**');
    ok(await gql(app, 'mutation($id: ID!) { setRunNote(runId: $id, note: "Edited in **Cairn**") { id } }', { id: runId }, cookie));
    const { stdout } = await python(
      `
from mlflow.tracking import MlflowClient
print("NOTE=" + MlflowClient().get_run("${runId}").data.tags.get("mlflow.note.content", "<none>"))
`,
      env,
    );
    expect(stdout).toContain('NOTE=Edited in **Cairn**');
  });

  it("opens the run and the experiment the client's printed links name", async () => {
    const runLink = new RegExp(`View run noted at: (\\S+/#/experiments/(\\d+)/runs/${runId})`).exec(printed);
    expect(runLink, printed).not.toBeNull();
    const experimentLink = /View experiment at: (\S+\/#\/experiments\/(\d+))/.exec(printed);
    expect(experimentLink, printed).not.toBeNull();
    const open = (fragment: string, cookie?: string) =>
      app.fetch(`/open?to=${encodeURIComponent(fragment)}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

    const [, url, experimentId] = runLink!;
    const fragment = new URL(url).hash.slice(1);
    const toRun = await open(fragment, world.cookies.viewer);
    expect(toRun.headers.get('location')).toBe(`/t/${world.team.slug}/runs/${runId}`);
    const toExperiment = await open(new URL(experimentLink![1]).hash.slice(1), world.cookies.viewer);
    expect(toExperiment.headers.get('location')).toBe(`/t/${world.team.slug}/projects/${experimentId}`);

    // Signed out: sign in first, then come back to the same link.
    const anonymous = await open(fragment);
    expect(anonymous.headers.get('location')).toContain(`/sign-in?callbackUrl=${encodeURIComponent(`/open?to=${encodeURIComponent(fragment)}`)}`);
    // Someone of another team: a 404, as for any page of that team.
    expect((await open(fragment, world.otherOwnerCookie)).status).toBe(404);
    // A run under another experiment's id is not that run.
    expect((await open(`/experiments/999999/runs/${runId}`, world.cookies.viewer)).status).toBe(404);
  });
});
