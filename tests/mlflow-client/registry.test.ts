// The real MLflow client (2.22 and 3.6) registers the seed sweep's best models and works the
// registry as a team does: register_model of runs:/ URIs, descriptions and tags, stage
// transitions with archive_existing_versions, aliases, load_model by version, stage and alias
// (predict), searches with filters, order_by and pages, errors, rename and deletes; with 3.6
// also the logged-model path (register models:/m-<id>, search, tag, delete logged models).
// Each run is then checked against what Cairn holds: versions, stages, aliases, the history of
// every move with its actor, and the audit trail.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client.ts';
import { setupTestApp } from '../helpers/app.ts';
import { createTokenFixture, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { MLFLOW_VERSIONS, runScenario } from './harness.ts';

const app = setupTestApp();
let world: TeamWorld;
beforeAll(async () => {
  world = await teamWorld();
});

type RegistryResult = {
  versions: { version: string; source: string; run_id: string }[];
  best: string[];
  moved: { version: string; stage: string };
  after_archive: Record<string, string>;
  latest: Record<string, string>;
  latest_production: string[];
  by_alias: string;
  model: { description: string; tags: Record<string, string>; aliases: Record<string, string> };
  version1: { description: string; tags: Record<string, string>; aliases: unknown };
  predictions: Record<string, number[]>;
  download_uri: string;
  models_desc: string[];
  by_tag: string[];
  versions_desc: string[];
  by_run: [string, string][];
  pages: [string[], string[], string | null];
  errors: Record<string, string>;
  renamed_versions: string[];
  after_delete: string[];
  gone: string;
  mlflow3?: {
    model_id: string;
    version: string;
    version_source: string;
    loaded_flavor: string;
    found: string[];
    tags: Record<string, string>;
    listing: string[];
    deleted: string;
    remaining: string[];
    deleted_lookup: string;
  };
};

describe.each(MLFLOW_VERSIONS)('the MLflow %s client', (version) => {
  const v = version.replace('.', '');
  const names = { model: `fair-${v}`, other: `fair-${v}-other`, renamed: `fair-${v}-renamed` };
  let result: RegistryResult;
  let modelId: string;

  beforeAll(async () => {
    const { token } = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'WRITE' });
    ({ result } = await runScenario<RegistryResult>({
      version,
      scenario: 'registry',
      trackingUri: await app.httpUrl(),
      token,
      args: { experiment: `registry-${v}`, model: names.model, other_model: names.other, prefix: `fair-${v}`, renamed: names.renamed },
    }));
    modelId = (await db.registeredModel.findUniqueOrThrow({ where: { teamId_name: { teamId: world.team.id, name: names.model } } })).id;
  }, 300_000);

  it('registers the best runs of the sweep as versions 1-3, each confined to its run', async () => {
    const rows = await db.modelVersion.findMany({ where: { modelId }, orderBy: { version: 'asc' } });
    expect(rows.slice(0, 3).map((r) => [r.version, r.runId, r.createdById])).toEqual(result.best.map((run, i) => [i + 1, run, world.users.member.id]));
    for (const [i, row] of rows.slice(0, 3).entries()) {
      const run = await db.run.findUniqueOrThrow({ where: { id: result.best[i] } });
      expect(row.storageLocation.startsWith(`${run.artifactUri}/`)).toBe(true);
      expect(row.source).toBe(result.versions[i].source);
      if (version === '2.22') {
        // The 2.x client resolves runs:/ to the run's artifact URI and sends the run id.
        expect(row.source).toBe(`${run.artifactUri}/model`);
        expect(row.loggedModelId).toBeNull();
      } else {
        // The 3.x client finds the run's logged model and registers models:/m-<id>.
        expect(row.source).toBe(`models:/${row.loggedModelId}`);
        expect(row.storageLocation).toBe(`${run.artifactUri}/models/${row.loggedModelId}/artifacts`);
      }
    }
    expect(result.download_uri).toBe(rows[0].storageLocation);
  });

  it('moves stages with archive_existing_versions and answers the latest versions per stage', async () => {
    expect(result.moved).toEqual({ version: '3', stage: 'Production' });
    expect(result.after_archive).toEqual({ '1': 'Staging', '2': 'Archived', '3': 'Production' });
    expect(result.latest).toEqual({ Staging: '1', Production: '3', Archived: '2' });
    expect(result.latest_production).toEqual(['3']);
    const stages = await db.modelVersion.findMany({ where: { modelId, deletedAt: null }, orderBy: { version: 'asc' }, select: { version: true, stage: true } });
    expect(stages.filter((s) => s.version <= 3)).toEqual([
      { version: 1, stage: 'STAGING' },
      { version: 3, stage: 'PRODUCTION' },
    ]);
  });

  it('records every move in the history with its actor, and in the audit trail', async () => {
    const history = await db.modelVersionTransition.findMany({
      where: { modelId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      include: { version: { select: { version: true } }, previousVersion: { select: { version: true } } },
    });
    const summary = history.map((h) => [h.kind, h.version.version, h.fromStage ?? h.alias, h.toStage, h.previousVersion?.version ?? null, h.automatic]);
    expect(summary).toEqual([
      ['STAGE', 1, 'NONE', 'STAGING', null, false],
      ['STAGE', 2, 'NONE', 'PRODUCTION', null, false],
      ['STAGE', 2, 'PRODUCTION', 'ARCHIVED', null, true],
      ['STAGE', 3, 'NONE', 'PRODUCTION', 2, false],
      ['ALIAS_SET', 3, 'champion', null, null, false],
      ['ALIAS_SET', 1, 'challenger', null, null, false],
      ['ALIAS_SET', 1, 'champion', null, 3, false],
      // Deleting version 2 (Archived, no alias) moved nothing; the model's history is complete.
    ]);
    expect(new Set(history.map((h) => h.actorId))).toEqual(new Set([world.users.member.id]));

    const audit = await db.auditEvent.findMany({ where: { teamId: world.team.id, metadata: { path: ['modelId'], equals: modelId } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual([
      'registry.version.create',
      'registry.version.create',
      'registry.version.create',
      'registry.stage.move',
      'registry.stage.move',
      'registry.stage.move',
      'registry.alias.set',
      'registry.alias.set',
      'registry.alias.set',
      'registry.version.delete',
      ...(version === '3.6' ? ['registry.version.create'] : []),
    ]);
    expect(audit.every((a) => a.actorId === world.users.member.id && a.tokenId !== null)).toBe(true);
    expect(audit[5].metadata).toMatchObject({ from: 'None', to: 'Production', archived: [2], version: 3 });
  });

  it('moves aliases and loads the model by version, stage and alias', async () => {
    expect(result.by_alias).toBe('1');
    expect(result.model.aliases).toEqual({ champion: '1', challenger: '1' });
    const aliases = await db.modelAlias.findMany({ where: { modelId }, include: { version: { select: { version: true } } }, orderBy: { alias: 'asc' } });
    expect(aliases.map((a) => [a.alias, a.version.version])).toEqual([
      ['challenger', 1],
      ['champion', 1],
    ]);
    const uris = [`models:/${names.model}/3`, `models:/${names.model}@champion`, `models:/${names.model}/Production`];
    for (const uri of uris) expect(result.predictions[uri]).toHaveLength(20);
    // Production is version 3 either way; @champion is version 1, a different forest.
    expect(result.predictions[uris[0]]).toEqual(result.predictions[uris[2]]);
  });

  it('keeps descriptions and tags, and deletes tags', async () => {
    expect(result.model).toMatchObject({ description: 'Fairness-aware classifier', tags: { owner: 'fairness-team' } });
    expect(result.version1).toMatchObject({ description: 'best accuracy of the sweep', tags: { validated: 'yes' } });
    expect(await db.registeredModelTag.findMany({ where: { modelId }, select: { key: true, value: true } })).toEqual([{ key: 'owner', value: 'fairness-team' }]);
    const v2 = await db.modelVersion.findFirstOrThrow({ where: { modelId, version: 2 }, include: { tags: true } });
    expect(v2.tags).toEqual([]);
  });

  it('searches with filters, order_by and page tokens', () => {
    expect(result.models_desc).toEqual([names.other, names.model]);
    expect(result.by_tag).toEqual(expect.arrayContaining([names.model, names.other]));
    expect(result.versions_desc.slice(-3)).toEqual(['3', '2', '1']);
    expect(result.by_run).toEqual([
      [names.model, '1'],
      [names.other, '1'],
    ]);
    expect(result.pages.slice(0, 2)).toEqual([[names.model], [names.other]]);
    expect(result.pages[2] ?? '').toBe('');
  });

  it("answers bad input with MLflow's error codes and writes nothing", async () => {
    expect(result.errors).toEqual({
      missing_model: 'RESOURCE_DOES_NOT_EXIST',
      missing_version: 'RESOURCE_DOES_NOT_EXIST',
      duplicate: 'RESOURCE_ALREADY_EXISTS',
      bad_stage: 'INVALID_PARAMETER_VALUE',
      alias_v3: 'INVALID_PARAMETER_VALUE',
      alias_numeric: 'INVALID_PARAMETER_VALUE',
      missing_alias: 'INVALID_PARAMETER_VALUE',
      file_source: 'INVALID_PARAMETER_VALUE',
      local_source: 'INVALID_PARAMETER_VALUE',
      dotdot_source: 'INVALID_PARAMETER_VALUE',
      s3_source: 'INVALID_PARAMETER_VALUE',
    });
    expect(await db.modelAlias.count({ where: { modelId, alias: { in: ['v3', '3'] } } })).toBe(0);
    expect(await db.registeredModel.count({ where: { teamId: world.team.id, name: 'no-such-model' } })).toBe(0);
  });

  it('renames a model with its versions, deletes a version (its number stays taken) and a model', async () => {
    expect(result.renamed_versions).toEqual(['1']);
    expect(result.gone).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await db.registeredModel.count({ where: { teamId: world.team.id, name: { in: [names.other, names.renamed] } } })).toBe(0);
    expect(result.after_delete).toEqual(['1', '3']);
    const deleted = await db.modelVersion.findFirstOrThrow({ where: { modelId, version: 2 } });
    expect(deleted.deletedAt).not.toBeNull();
    const rename = await db.auditEvent.findFirstOrThrow({ where: { teamId: world.team.id, action: 'registry.model.rename', metadata: { path: ['from'], equals: names.other } } });
    expect(rename.metadata).toMatchObject({ to: names.renamed });
  });

  it.runIf(version === '3.6')('registers a logged model directly and finds, tags and deletes logged models', async () => {
    const m3 = result.mlflow3!;
    expect(m3.version_source).toBe(`models:/${m3.model_id}`);
    expect(m3.loaded_flavor).toBe('mlflow.sklearn');
    expect(m3.found).toEqual([m3.model_id]);
    expect(m3.listing).toEqual(expect.arrayContaining(['model/MLmodel', 'model/model.pkl']));
    expect(m3.tags).toMatchObject({ reviewed: 'yes' });
    expect(m3.tags).not.toHaveProperty('scratch');
    expect(JSON.parse(m3.tags['mlflow.modelVersions'])).toContainEqual({ name: names.model, version: m3.version });
    expect(m3.remaining).not.toContain(m3.deleted);
    expect(m3.deleted_lookup).toBe('RESOURCE_DOES_NOT_EXIST');
    const row = await db.modelVersion.findFirstOrThrow({ where: { modelId, version: Number(m3.version) } });
    expect(row.loggedModelId).toBe(m3.model_id);
    expect((await db.loggedModel.findUniqueOrThrow({ where: { id: m3.deleted } })).deletedAt).not.toBeNull();
  });
});
