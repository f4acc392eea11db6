// The pages whose first view has charts name plotly's published bundle as an async script
// with the response's CSP nonce (components/charts/plotly-script.tsx), pages without charts
// do not, and the bundle is served compressed and cacheable for a year: the installed one
// after V8's compile hint. Pages exist only in the built Next server (CAIRN_TEST_TARGET=server).
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp } from '../helpers/app.ts';
import { principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { createRun } from '../../lib/tracking/runs/create-run.ts';
import { saveComparison } from '../../lib/comparisons/save-comparison.ts';
import { createShareLink } from '../../lib/sharing/create-share-link.ts';
import { EAGER_COMPILE_HINT } from '../../lib/runtime/hint-eager-compile.ts';
import { plotlyBundlePath } from '../../lib/runtime/publish-plotly-script.ts';

const serverMode = process.env.CAIRN_TEST_TARGET === 'server';
const app = setupTestApp();
const PLOTLY_TAG = /<script async="" id="plotly-basic" src="(\/_vendor\/plotly-basic\.[0-9a-f]{16}\.min\.js)" nonce="([^"]+)"><\/script>/g;

describe.skipIf(!serverMode)('plotly script (built server)', () => {
  let world: TeamWorld;
  const chartPages: string[] = [];
  let withoutCharts: string[] = [];

  beforeAll(async () => {
    world = await teamWorld();
    const principal = await principalFor(world.users.member.id);
    const project = await createProject(principal, { teamId: world.team.id, name: 'charts' });
    const [a, b] = [await createRun(principal, { projectId: project.id }), await createRun(principal, { projectId: project.id })];
    const comparison = await saveComparison(principal, { teamId: world.team.id, name: 'cmp', runIds: [a.id, b.id] });
    const share = await createShareLink(principal, { targetType: 'RUN', targetId: a.id, includeComments: false, allowArtifacts: false, expiresInDays: null });
    const team = `/t/${world.team.slug}`;
    chartPages.push(`${team}/compare?runs=${a.id},${b.id}`, `${team}/runs/${a.id}`, `${team}/projects/${project.id}`, `${team}/comparisons/${comparison.id}`, share.path);
    withoutCharts = [`${team}/projects`, `${team}/models`, '/account'];
  });

  const html = async (path: string) => {
    const response = await app.fetch(path, { headers: { cookie: world.cookies.viewer } });
    expect(response.status, path).toBe(200);
    return { text: await response.text(), policy: response.headers.get('content-security-policy') ?? '' };
  };

  it('is named once, in the head, with the nonce of the CSP, on every page with charts', async () => {
    const sources = new Set<string>();
    for (const path of chartPages) {
      const { text, policy } = await html(path);
      const tags = [...text.matchAll(PLOTLY_TAG)];
      expect(tags.length, path).toBe(1);
      expect(text.indexOf(tags[0][0]), path).toBeLessThan(text.indexOf('</head>'));
      expect(policy, path).toContain(`'nonce-${tags[0][2]}'`);
      sources.add(tags[0][1]);
    }
    expect(sources.size).toBe(1);
    for (const path of withoutCharts) expect((await html(path)).text, path).not.toContain('plotly-basic');
  });

  it('is served compressed, cacheable for a year, and is the installed bundle, hinted', async () => {
    const [, src] = PLOTLY_TAG.exec((await html(chartPages[0])).text) ?? [];
    PLOTLY_TAG.lastIndex = 0;
    const response = await app.fetch(src, { headers: { 'accept-encoding': 'br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toBe('public,max-age=31536000,immutable');
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.concat([Buffer.from(EAGER_COMPILE_HINT), fs.readFileSync(plotlyBundlePath())]))).toBe(true);
  });
});
