// Property-based tests of artifact paths: the normalizer either refuses or returns a clean
// relative path that normalizes to itself, and over HTTP (the MLflow artifact proxy and the
// page download route) no path produces a 500; a refused upload records nothing and puts no
// byte anywhere, and nothing is ever written outside the run's own directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { isAppError } from '../../lib/errors.ts';
import { normalizeArtifactPath } from '../../lib/storage/artifact-path.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { setupTestApp } from '../helpers/app.ts';
import { principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { runWithArtifacts, type RunFixture } from '../helpers/runs.ts';
import { FUZZ_TIMEOUT, fuzzOptions, nastyString } from './support.ts';

// The store, and a sibling directory nothing may ever reach (in-process and server alike).
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-fuzz-artifacts-'));
const storeRoot = path.join(base, 'store');
const outside = path.join(base, 'outside');
fs.mkdirSync(outside);
process.env.CAIRN_ARTIFACT_STORE = storeRoot;

const app = setupTestApp();
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

let world: TeamWorld;
let run: RunFixture;

beforeAll(async () => {
  world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  const project = await createProject(member, { teamId: world.team.id, name: 'paths' });
  run = await runWithArtifacts(member, project.id, { name: 'r', status: 'RUNNING', files: { 'dir/existing.txt': 'x' } });
});

const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('..', '.', '...', '%2e%2e', '%2E%2e', '%2e', '%2f', '%2F', '%5c', '%5C', '%00', '%0a', '~', '~root', 'C:', 'c%3a', '%252e%252e', '%252f', ';', '%3b', '..;', '#', '%23', '?', '%3f', '\\', '..\\..', '', ' ', '%20', '%', '%zz', '%E0%A4%A', '\u202e', 'é', '%C3%A9', 'con', 'dir', 'existing.txt', 'x'.repeat(300)) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/) },
  { weight: 1, arbitrary: nastyString },
);
const rawPath = fc.array(segment, { minLength: 0, maxLength: 6 }).chain((segments) =>
  fc.array(fc.constantFrom('/', '//', '/./', '\\', '%2f'), { minLength: Math.max(0, segments.length - 1), maxLength: Math.max(0, segments.length - 1) }).map((separators) =>
    segments.reduce((text, s, i) => (i === 0 ? s : `${text}${separators[i - 1]}${s}`), ''),
  ),
);

describe('normalizeArtifactPath', () => {
  it('refuses, or returns a clean relative path that normalizes to itself', () => {
    fc.assert(
      fc.property(fc.oneof(rawPath, nastyString, fc.string({ unit: 'binary' })), (input) => {
        let clean: string;
        try {
          clean = normalizeArtifactPath(input);
        } catch (error) {
          if (isAppError(error) && error.code === 'BAD_USER_INPUT') return;
          throw error;
        }
        expect(normalizeArtifactPath(clean)).toBe(clean);
        expect(clean.startsWith('/')).toBe(false);
        expect(clean).not.toMatch(/\\|\u0000/);
        if (clean) expect(clean.split('/').every((s) => s !== '' && s !== '.' && s !== '..')).toBe(true);
      }),
      fuzzOptions(5000, 5000),
    );
  });
});

/** Every file below a directory, relative. */
function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('artifact paths over HTTP', () => {
  it('never 500; a refused upload records and stores nothing; nothing lands outside the run', async () => {
    const runRoot = `${run.projectId}/${run.runId}/artifacts`;
    const auth = { authorization: `Bearer ${world.tokens.write}` };
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(rawPath, fc.constantFrom('PUT', 'GET', 'DELETE', 'LIST', 'DOWNLOAD'), async (raw, action) => {
        let url: URL;
        try {
          const target = action === 'LIST' ? `/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(`${runRoot}/${raw}`)}` : action === 'DOWNLOAD' ? `/api/artifacts/${run.runId}/${raw}` : `/api/2.0/mlflow-artifacts/artifacts/${runRoot}/${raw}`;
          url = new URL(target, 'http://localhost');
        } catch {
          return; // not even a URL: no client can send it
        }
        const rowsBefore = await db.artifact.findMany({ where: { runId: run.runId }, select: { path: true, sha256: true }, orderBy: { path: 'asc' } });
        const filesBefore = files(storeRoot).filter((f) => !f.startsWith('.'));
        const response = await app.fetch(url.pathname + url.search, {
          method: action === 'PUT' || action === 'DELETE' ? action : 'GET',
          headers: action === 'DOWNLOAD' ? { cookie: world.cookies.member } : auth,
          ...(action === 'PUT' ? { body: 'fuzz' } : {}),
        });
        const text = await response.text();
        const what = `${action} ${url.pathname}${url.search} -> ${response.status} ${text.slice(0, 200)}`;
        expect(response.status, what).toBeLessThan(500);
        expect(files(outside), what).toEqual([]);
        const storedOutsideRun = files(storeRoot).filter((f) => !f.startsWith('.') && !f.startsWith(`${run.projectId}${path.sep}${run.runId}${path.sep}artifacts${path.sep}`));
        expect(storedOutsideRun, what).toEqual([]);
        if (action === 'PUT' && response.status >= 400) {
          expect(await db.artifact.findMany({ where: { runId: run.runId }, select: { path: true, sha256: true }, orderBy: { path: 'asc' } }), what).toEqual(rowsBefore);
          expect(files(storeRoot).filter((f) => !f.startsWith('.')), what).toEqual(filesBefore);
        }
        if (action === 'PUT' && response.status === 200) accepted += 1;
      }),
      // A plain path first, whatever the seed draws: a run of hostile draws alone (it happened
      // with 120 cases) would leave no accepted upload to prove the harness can accept one.
      { ...fuzzOptions(300, 120), examples: [['checkpoints/epoch-1.pt', 'PUT']] } as fc.Parameters<[string, string]>,
    );
    // Not vacuous: some uploads went through.
    expect(accepted).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);
});
