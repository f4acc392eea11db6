// Share links reach exactly what they name, through every entry point. From a link to one
// run, from a link to a saved comparison and from a link to a model version, every other
// object of the same team (its other runs, projects, comparisons, comments, artifacts, tokens,
// members, invitations, links; the version's model, its other versions, aliases, history and
// requests) is NOT_FOUND on every GraphQL root field, on the artifact routes and on the live
// event streams; pages of the team never open for it (the MLflow REST table is in
// tests/mlflow/denials.test.ts). Then: what the link does show, its options, the secret's
// strength and storage, the audit trail, and a revoked or expired link being dead everywhere.
import { buildSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTypeDefs } from '../../graphql/server.ts';
import { addComment } from '../../lib/comments/add-comment.ts';
import { saveComparison } from '../../lib/comparisons/save-comparison.ts';
import { db } from '../../lib/db/client.ts';
import { createShareLink } from '../../lib/sharing/create-share-link.ts';
import { hashShareSecret } from '../../lib/sharing/share-secret.ts';
import { openShareLink } from '../../lib/sharing/open-share-link.ts';
import { revokeShareLink } from '../../lib/sharing/revoke-share-link.ts';
import { createInvitation } from '../../lib/teams/create-invitation.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { logBatch } from '../../lib/tracking/run-data/log-batch.ts';
import { createRun } from '../../lib/tracking/runs/create-run.ts';
import { setupTestApp } from '../helpers/app.ts';
import { createTokenFixture, principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { gql } from '../graphql/client.ts';

const app = setupTestApp();
const serverMode = process.env.CAIRN_TEST_TARGET === 'server';

/** The team's objects a share link must not reach. */
type Others = {
  teamId: string;
  slug: string;
  projectId: string;
  runId: string;
  comparisonId: string;
  commentId: string;
  tokenId: string;
  invitationId: string;
  memberId: string;
  shareLinkId: string;
  modelId: string;
  versionId: string;
  requestId: string;
  datasetId: string;
  jobId: string;
  edgeId: string;
};
type Link = { secret: string; id: string };

let world: TeamWorld;
let others: Others;
/**
 * The shared run R1 (a child of another run, with a child of its own), in project P1; the
 * shared comparison; the shared version (v2 of the team's model, registered from its own run,
 * which holds model files and other artifacts).
 */
let shared: { runId: string; projectId: string; comparisonId: string; comparisonRunIds: string[]; versionId: string; versionRunId: string };
let links: { run: Link; runWithAll: Link; comparison: Link; version: Link; versionWithAll: Link };
const kinds = ['run', 'comparison', 'version'] as const;

const share = (link: Link) => ({ 'x-cairn-share': link.secret });
const q = (link: Link, query: string, variables: Record<string, unknown> = {}) =>
  app.fetch('/api/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...share(link) }, body: JSON.stringify({ query, variables }) }).then(
    async (response) => {
      const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
      return { data: body.data ?? null, code: body.errors?.[0]?.extensions?.code ?? 'OK' };
    },
  );

beforeAll(async () => {
  world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  const p1 = await createProject(member, { teamId: world.team.id, name: 'p1' });
  const p2 = await createProject(member, { teamId: world.team.id, name: 'p2' });
  const parent = await createRun(member, { projectId: p2.id, runName: 'parent' });
  const r1 = await createRun(member, { projectId: p1.id, runName: 'shared-run', tags: [{ key: 'mlflow.parentRunId', value: parent.id }] });
  const child = await createRun(member, { projectId: p1.id, runName: 'child', tags: [{ key: 'mlflow.parentRunId', value: r1.id }] });
  const r2 = await createRun(member, { projectId: p1.id, runName: 'compared-a' });
  const r3 = await createRun(member, { projectId: p2.id, runName: 'compared-b' });
  const registered = await createRun(member, { projectId: p1.id, runName: 'registered-run' });
  for (const run of [r1, child, r2, r3, registered]) {
    await logBatch(member, { runId: run.id, metrics: [{ key: 'loss', value: 0.5, timestamp: 1, step: 0 }], params: [{ key: 'lr', value: '0.1' }] });
    // Through the server (its artifact store may be another process's data dir).
    const upload = await app.fetch(`/api/2.0/mlflow-artifacts/artifacts/${run.projectId}/${run.id}/artifacts/model.pkl`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${world.tokens.write}`, 'content-type': 'application/octet-stream' },
      body: 'weights',
    });
    expect(upload.status).toBe(200);
  }
  const comparison = await saveComparison(member, { teamId: world.team.id, name: 'a vs b', runIds: [r2.id, r3.id] });
  const otherComparison = await saveComparison(member, { teamId: world.team.id, name: 'secret', runIds: [r1.id, child.id] });
  await addComment(member, { targetType: 'RUN', targetId: r1.id, body: 'on the shared run' });
  await addComment(member, { targetType: 'COMPARISON', targetId: comparison.id, body: 'on the shared comparison' });
  await addComment(member, { targetType: 'RUN', targetId: r2.id, body: 'on a compared run: not part of the comparison link' });
  const hidden = await addComment(member, { targetType: 'RUN', targetId: child.id, body: 'hidden' });

  const create = async (input: Parameters<typeof createShareLink>[1]) => {
    const created = await createShareLink(member, input);
    return { secret: created.secret, id: created.shareLink.id };
  };
  links = {
    run: await create({ targetType: 'RUN', targetId: r1.id }),
    runWithAll: await create({ targetType: 'RUN', targetId: r1.id, includeComments: true, allowArtifacts: true, expiresInDays: null }),
    comparison: await create({ targetType: 'COMPARISON', targetId: comparison.id, includeComments: true }),
  } as typeof links;
  const otherLink = await create({ targetType: 'RUN', targetId: child.id });
  const owner = await principalFor(world.users.owner.id);
  const invitation = await createInvitation(owner, { teamId: world.team.id, role: 'MEMBER' });
  const token = await createTokenFixture({ userId: world.users.member.id, teamId: world.team.id, scope: 'READ' });
  // The team's registry: a model whose version was registered from the shared run itself, an
  // alias and a pending request. A link to a run does not reach the run's model versions.
  const model = await db.registeredModel.create({ data: { teamId: world.team.id, name: 'team-model', tags: { create: [{ key: 'k', value: 'v' }] } } });
  const version = await db.modelVersion.create({
    data: { modelId: model.id, version: 1, source: `runs:/${r1.id}/model`, storageLocation: `mlflow-artifacts:/${p1.id}/${r1.id}/artifacts/model`, runId: r1.id },
  });
  await db.modelAlias.create({ data: { modelId: model.id, alias: 'champion', versionId: version.id } });
  const request = await db.modelTransitionRequest.create({
    data: { teamId: world.team.id, modelId: model.id, versionId: version.id, kind: 'STAGE', toStage: 'PRODUCTION', requestedById: world.users.member.id },
  });
  // The shared version: v2 of the same model, from its own run, with its model files beside other artifacts.
  for (const path of ['model/MLmodel', 'notes/secret.txt']) {
    const upload = await app.fetch(`/api/2.0/mlflow-artifacts/artifacts/${p1.id}/${registered.id}/artifacts/${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${world.tokens.write}`, 'content-type': 'text/plain' },
      body: path,
    });
    expect(upload.status).toBe(200);
  }
  const sharedVersion = await db.modelVersion.create({
    data: {
      modelId: model.id,
      version: 2,
      stage: 'STAGING',
      description: 'candidate',
      source: `runs:/${registered.id}/model`,
      storageLocation: `mlflow-artifacts:/${p1.id}/${registered.id}/artifacts/model`,
      runId: registered.id,
      createdById: world.users.member.id,
      tags: { create: [{ key: 'validated', value: 'yes' }] },
    },
  });
  await db.modelAlias.create({ data: { modelId: model.id, alias: 'challenger', versionId: sharedVersion.id } });
  await db.modelVersionTransition.create({
    data: { modelId: model.id, versionId: sharedVersion.id, kind: 'STAGE', fromStage: 'NONE', toStage: 'STAGING', actorId: world.users.admin.id, comment: 'internal: not for customers' },
  });
  await db.modelTransitionRequest.create({
    data: { teamId: world.team.id, modelId: model.id, versionId: sharedVersion.id, kind: 'STAGE', toStage: 'PRODUCTION', requestedById: world.users.member.id },
  });
  await addComment(member, { targetType: 'MODEL_VERSION', targetId: sharedVersion.id, body: 'on the shared version' });
  await addComment(member, { targetType: 'MODEL_VERSION', targetId: version.id, body: 'on another version' });
  await addComment(member, { targetType: 'RUN', targetId: registered.id, body: "on the version's run: not part of the version link" });
  links.version = await create({ targetType: 'MODEL_VERSION', targetId: sharedVersion.id });
  links.versionWithAll = await create({ targetType: 'MODEL_VERSION', targetId: sharedVersion.id, includeComments: true, allowArtifacts: true });
  // The team's lineage around the shared run: a dataset it read, a job that wrote that
  // dataset, a declared edge. A link to the run reaches none of it.
  const dataset = await db.dataset.create({ data: { teamId: world.team.id, name: 'team-data', digest: 'd1', sourceType: 's3', source: '{}' } });
  const job = await db.lineageJob.create({ data: { teamId: world.team.id, namespace: 'airflow', name: 'etl.task' } });
  await db.runInput.create({ data: { runId: r1.id, datasetId: dataset.id, context: 'training' } });
  const edge = await db.lineageEdge.create({ data: { teamId: world.team.id, fromNode: `dataset:${dataset.id}`, toNode: `run:${r1.id}`, kind: 'INPUT', origin: 'GRAPHQL' } });
  await db.lineageEdge.create({ data: { teamId: world.team.id, fromNode: `job:${job.id}`, toNode: `dataset:${dataset.id}`, kind: 'OUTPUT', origin: 'OPENLINEAGE' } });
  shared = {
    runId: r1.id,
    projectId: String(p1.id),
    comparisonId: comparison.id,
    comparisonRunIds: [r2.id, r3.id],
    versionId: sharedVersion.id,
    versionRunId: registered.id,
  };
  others = {
    teamId: world.team.id,
    slug: world.team.slug,
    projectId: String(p1.id),
    runId: child.id,
    comparisonId: otherComparison.id,
    commentId: hidden.id,
    tokenId: token.id,
    invitationId: invitation.invitation.id,
    memberId: world.users.viewer.id,
    shareLinkId: otherLink.id,
    modelId: model.id,
    versionId: version.id,
    requestId: request.id,
    datasetId: dataset.id,
    jobId: job.id,
    edgeId: String(edge.id),
  };
});

type Case = { query: string; variables?: (o: Others) => Record<string, unknown> };

/** Every root field, aimed at objects of the link's team that the link does not name. */
const cases: Record<string, Case> = {
  'Query.team': { query: 'query($slug: String) { team(slug: $slug) { id } }', variables: (o) => ({ slug: o.slug }) },
  'Query.project': { query: 'query($id: ID!) { project(id: $id) { id } }', variables: (o) => ({ id: o.projectId }) },
  'Query.run': { query: 'query($id: ID!) { run(id: $id) { id } }', variables: (o) => ({ id: o.runId }) },
  'Query.metricHistory': { query: 'query($id: ID!) { metricHistory(runId: $id, key: "loss") { points { value } } }', variables: (o) => ({ id: o.runId }) },
  'Query.metricHistoryPage': { query: 'query($id: ID!) { metricHistoryPage(runId: $id, key: "loss") { edges { cursor } } }', variables: (o) => ({ id: o.runId }) },
  'Query.compareRuns': { query: 'query($ids: [ID!]!) { compareRuns(runIds: $ids) { runs { id } } }', variables: (o) => ({ ids: [o.runId] }) },
  'Query.comments': { query: 'query($id: ID!) { comments(targetType: RUN, targetId: $id) { comment { id } } }', variables: (o) => ({ id: o.runId }) },
  'Query.metricHistories': {
    query: 'query($ids: [ID!]!) { metricHistories(runIds: $ids, keys: ["loss"]) { points { value } } }',
    variables: (o) => ({ ids: [o.runId] }),
  },
  'Query.runsExport': {
    query: 'query($id: ID!) { runsExport(input: { projectId: $id, format: CSV, columns: ["metrics.loss"] }) { url } }',
    variables: (o) => ({ id: o.projectId }),
  },
  'Query.metricHistoryExport': { query: 'query($id: ID!) { metricHistoryExport(runId: $id) { url } }', variables: (o) => ({ id: o.runId }) },
  'Mutation.saveProjectPreferences': {
    query: 'mutation($id: ID!) { saveProjectPreferences(input: { projectId: $id, runsTable: { columns: ["params.lr"] } }) { runsTable } }',
    variables: (o) => ({ id: o.projectId }),
  },
  'Query.comparison': { query: 'query($id: ID!) { comparison(id: $id) { id } }', variables: (o) => ({ id: o.comparisonId }) },
  'Query.invitationPreview': { query: '{ invitationPreview(token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") { teamName } }' },
  'Mutation.updateTeam': { query: 'mutation($id: ID!) { updateTeam(input: { teamId: $id, name: "x" }) { id } }', variables: (o) => ({ id: o.teamId }) },
  'Mutation.deleteTeam': { query: 'mutation($id: ID!) { deleteTeam(teamId: $id) }', variables: (o) => ({ id: o.teamId }) },
  'Mutation.addMember': { query: 'mutation($id: ID!) { addMember(input: { teamId: $id, email: "x@example.test", role: OWNER }) { role } }', variables: (o) => ({ id: o.teamId }) },
  'Mutation.changeMemberRole': {
    query: 'mutation($id: ID!, $user: ID!) { changeMemberRole(input: { teamId: $id, userId: $user, role: OWNER }) { role } }',
    variables: (o) => ({ id: o.teamId, user: o.memberId }),
  },
  'Mutation.removeMember': { query: 'mutation($id: ID!, $user: ID!) { removeMember(input: { teamId: $id, userId: $user }) }', variables: (o) => ({ id: o.teamId, user: o.memberId }) },
  'Mutation.createInvitation': { query: 'mutation($id: ID!) { createInvitation(input: { teamId: $id, role: OWNER }) { url } }', variables: (o) => ({ id: o.teamId }) },
  'Mutation.revokeInvitation': { query: 'mutation($id: ID!) { revokeInvitation(id: $id) }', variables: (o) => ({ id: o.invitationId }) },
  'Mutation.createApiToken': { query: 'mutation($id: ID!) { createApiToken(input: { teamId: $id, name: "x", scope: READ }) { token } }', variables: (o) => ({ id: o.teamId }) },
  'Mutation.revokeApiToken': { query: 'mutation($id: ID!) { revokeApiToken(id: $id) }', variables: (o) => ({ id: o.tokenId }) },
  'Mutation.createProject': { query: 'mutation($id: ID!) { createProject(input: { teamId: $id, name: "planted" }) { id } }', variables: (o) => ({ id: o.teamId }) },
  'Mutation.updateProject': { query: 'mutation($id: ID!) { updateProject(input: { id: $id, name: "x" }) { id } }', variables: (o) => ({ id: o.projectId }) },
  'Mutation.deleteProject': { query: 'mutation($id: ID!) { deleteProject(id: $id) { id } }', variables: (o) => ({ id: o.projectId }) },
  'Mutation.restoreProject': { query: 'mutation($id: ID!) { restoreProject(id: $id) { id } }', variables: (o) => ({ id: o.projectId }) },
  'Mutation.setProjectTag': { query: 'mutation($id: ID!) { setProjectTag(input: { projectId: $id, key: "k", value: "v" }) { id } }', variables: (o) => ({ id: o.projectId }) },
  'Mutation.deleteProjectTag': { query: 'mutation($id: ID!) { deleteProjectTag(input: { projectId: $id, key: "k" }) { id } }', variables: (o) => ({ id: o.projectId }) },
  'Mutation.createRun': { query: 'mutation($id: ID!) { createRun(input: { projectId: $id }) { id } }', variables: (o) => ({ id: o.projectId }) },
  'Mutation.updateRun': { query: 'mutation($id: ID!) { updateRun(input: { id: $id, status: KILLED }) { id } }', variables: (o) => ({ id: o.runId }) },
  'Mutation.deleteRun': { query: 'mutation($id: ID!) { deleteRun(id: $id) { id } }', variables: (o) => ({ id: o.runId }) },
  'Mutation.restoreRun': { query: 'mutation($id: ID!) { restoreRun(id: $id) { id } }', variables: (o) => ({ id: o.runId }) },
  'Mutation.logBatch': { query: 'mutation($id: ID!) { logBatch(input: { runId: $id, params: [{ key: "p", value: "1" }] }) { id } }', variables: (o) => ({ id: o.runId }) },
  'Mutation.addComment': { query: 'mutation($id: ID!) { addComment(input: { targetType: RUN, targetId: $id, body: "x" }) { id } }', variables: (o) => ({ id: o.runId }) },
  'Mutation.editComment': { query: 'mutation($id: ID!) { editComment(input: { id: $id, body: "x" }) { id } }', variables: (o) => ({ id: o.commentId }) },
  'Mutation.deleteComment': { query: 'mutation($id: ID!) { deleteComment(id: $id) { id } }', variables: (o) => ({ id: o.commentId }) },
  'Mutation.setRunNote': { query: 'mutation($id: ID!) { setRunNote(runId: $id, note: "x") { id } }', variables: (o) => ({ id: o.runId }) },
  'Mutation.saveComparison': {
    query: 'mutation($id: ID!, $runs: [ID!]!) { saveComparison(input: { teamId: $id, name: "x", runIds: $runs }) { id } }',
    variables: (o) => ({ id: o.teamId, runs: [o.runId, o.runId.replace(/.$/, (c) => (c === '0' ? '1' : '0'))] }),
  },
  'Mutation.deleteComparison': { query: 'mutation($id: ID!) { deleteComparison(id: $id) }', variables: (o) => ({ id: o.comparisonId }) },
  'Mutation.createShareLink': { query: 'mutation($id: ID!) { createShareLink(input: { targetType: RUN, targetId: $id }) { url } }', variables: (o) => ({ id: o.runId }) },
  'Mutation.revokeShareLink': { query: 'mutation($id: ID!) { revokeShareLink(id: $id) { id } }', variables: (o) => ({ id: o.shareLinkId }) },
  'Query.auditEvents': { query: 'query($id: ID) { auditEvents(teamId: $id) { edges { node { id action } } } }', variables: (o) => ({ id: o.teamId }) },
  'Query.retentionPreview': {
    query: 'query($id: ID!) { retentionPreview(projectId: $id, policy: { keepTopN: 0, purgeAfterDays: 0 }) { purge { runId } } }',
    variables: (o) => ({ id: o.projectId }),
  },
  'Mutation.setRetentionPolicy': {
    query: 'mutation($id: ID!) { setRetentionPolicy(projectId: $id, policy: { keepTopN: 0, purgeAfterDays: 0 }) { id } }',
    variables: (o) => ({ id: o.projectId }),
  },
  'Query.registeredModel': { query: 'query($id: ID!) { registeredModel(id: $id) { id } }', variables: (o) => ({ id: o.modelId }) },
  'Query.modelVersion': { query: 'query($id: ID!) { modelVersion(id: $id) { id } }', variables: (o) => ({ id: o.versionId }) },
  'Mutation.createRegisteredModel': {
    query: 'mutation($input: CreateRegisteredModelInput!) { createRegisteredModel(input: $input) { id } }',
    variables: (o) => ({ input: { teamId: o.teamId, name: 'planted' } }),
  },
  'Mutation.updateRegisteredModel': {
    query: 'mutation($input: UpdateRegisteredModelInput!) { updateRegisteredModel(input: $input) { id } }',
    variables: (o) => ({ input: { id: o.modelId, description: 'changed' } }),
  },
  'Mutation.deleteRegisteredModel': { query: 'mutation($id: ID!) { deleteRegisteredModel(id: $id) }', variables: (o) => ({ id: o.modelId }) },
  'Mutation.setRegisteredModelTag': {
    query: 'mutation($input: RegisteredModelTagInput!) { setRegisteredModelTag(input: $input) { id } }',
    variables: (o) => ({ input: { modelId: o.modelId, key: 'k', value: 'changed' } }),
  },
  'Mutation.deleteRegisteredModelTag': {
    query: 'mutation($input: DeleteRegisteredModelTagInput!) { deleteRegisteredModelTag(input: $input) { id } }',
    variables: (o) => ({ input: { modelId: o.modelId, key: 'k' } }),
  },
  'Mutation.createModelVersion': {
    query: 'mutation($input: CreateModelVersionInput!) { createModelVersion(input: $input) { id } }',
    variables: (o) => ({ input: { modelId: o.modelId, source: `runs:/${o.runId}/model` } }),
  },
  'Mutation.updateModelVersion': {
    query: 'mutation($input: UpdateModelVersionInput!) { updateModelVersion(input: $input) { id } }',
    variables: (o) => ({ input: { id: o.versionId, description: 'changed' } }),
  },
  'Mutation.deleteModelVersion': { query: 'mutation($id: ID!) { deleteModelVersion(id: $id) }', variables: (o) => ({ id: o.versionId }) },
  'Mutation.setModelVersionTag': {
    query: 'mutation($input: ModelVersionTagInput!) { setModelVersionTag(input: $input) { id } }',
    variables: (o) => ({ input: { versionId: o.versionId, key: 'k', value: 'changed' } }),
  },
  'Mutation.deleteModelVersionTag': {
    query: 'mutation($input: DeleteModelVersionTagInput!) { deleteModelVersionTag(input: $input) { id } }',
    variables: (o) => ({ input: { versionId: o.versionId, key: 'k' } }),
  },
  'Mutation.transitionModelVersionStage': {
    query: 'mutation($input: TransitionModelVersionStageInput!) { transitionModelVersionStage(input: $input) { id } }',
    variables: (o) => ({ input: { versionId: o.versionId, stage: 'ARCHIVED' } }),
  },
  'Mutation.setModelAlias': {
    query: 'mutation($input: SetModelAliasInput!) { setModelAlias(input: $input) { id } }',
    variables: (o) => ({ input: { versionId: o.versionId, alias: 'intruder' } }),
  },
  'Mutation.deleteModelAlias': {
    query: 'mutation($input: DeleteModelAliasInput!) { deleteModelAlias(input: $input) { id } }',
    variables: (o) => ({ input: { modelId: o.modelId, alias: 'champion' } }),
  },
  'Mutation.rollbackModel': {
    query: 'mutation($input: RollbackModelInput!) { rollbackModel(input: $input) { id } }',
    variables: (o) => ({ input: { modelId: o.modelId, alias: 'champion' } }),
  },
  'Mutation.requestModelTransition': {
    query: 'mutation($input: RequestModelTransitionInput!) { requestModelTransition(input: $input) { id } }',
    variables: (o) => ({ input: { modelId: o.modelId, move: 'STAGE', versionId: o.versionId, stage: 'STAGING' } }),
  },
  'Mutation.approveTransitionRequest': {
    query: 'mutation($input: DecideTransitionRequestInput!) { approveTransitionRequest(input: $input) { id } }',
    variables: (o) => ({ input: { id: o.requestId } }),
  },
  'Mutation.rejectTransitionRequest': {
    query: 'mutation($input: DecideTransitionRequestInput!) { rejectTransitionRequest(input: $input) { id } }',
    variables: (o) => ({ input: { id: o.requestId, comment: 'no' } }),
  },
  'Mutation.cancelTransitionRequest': { query: 'mutation($id: ID!) { cancelTransitionRequest(id: $id) { id } }', variables: (o) => ({ id: o.requestId }) },
  'Mutation.setRegistryProtection': {
    query: 'mutation($input: SetRegistryProtectionInput!) { setRegistryProtection(input: $input) { alias } }',
    variables: (o) => ({ input: { teamId: o.teamId, alias: 'champion', protected: false } }),
  },
  'Query.lineage': { query: 'query($id: ID!) { lineage(nodeId: $id) { nodes { id } } }', variables: (o) => ({ id: `dataset:${o.datasetId}` }) },
  'Query.lineageNode': { query: 'query($id: ID!) { lineageNode(id: $id) { id } }', variables: (o) => ({ id: `job:${o.jobId}` }) },
  'Query.dataset': { query: 'query($id: ID!) { dataset(id: $id) { id } }', variables: (o) => ({ id: o.datasetId }) },
  'Query.lineageJob': { query: 'query($id: ID!) { lineageJob(id: $id) { id } }', variables: (o) => ({ id: o.jobId }) },
  'Query.predictionAudit': { query: 'query($id: ID!) { predictionAudit(runId: $id) { run { id } } }', variables: (o) => ({ id: o.runId }) },
  'Mutation.declareLineage': {
    query: 'mutation($input: DeclareLineageInput!) { declareLineage(input: $input) { id } }',
    variables: (o) => ({ input: { kind: 'INPUT', from: `dataset:${o.datasetId}`, to: `run:${o.runId}` } }),
  },
  'Mutation.declareInference': {
    query: 'mutation($input: DeclareInferenceInput!) { declareInference(input: $input) { run { id } } }',
    variables: (o) => ({ input: { runId: o.runId, modelVersionIds: [o.versionId] } }),
  },
  'Mutation.removeLineage': { query: 'mutation($id: ID!) { removeLineage(edgeId: $id) }', variables: (o) => ({ id: o.edgeId }) },
};

/** Fields that name no row: a share link is not a person, so they answer as without credentials, with no data. */
const personOnly: Record<string, { query: string; code: string }> = {
  'Query.viewer': { query: '{ viewer { id } }', code: 'UNAUTHENTICATED' },
  'Query.me': { query: '{ me { id } }', code: 'UNAUTHENTICATED' },
  'Mutation.createTeam': { query: 'mutation { createTeam(input: { name: "x" }) { id } }', code: 'FORBIDDEN' },
  'Mutation.acceptInvitation': { query: 'mutation { acceptInvitation(token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") { teamId } }', code: 'FORBIDDEN' },
  'Mutation.markNotificationsRead': { query: 'mutation { markNotificationsRead(all: true) }', code: 'UNAUTHENTICATED' },
  'Query.auditActions': { query: '{ auditActions { name } }', code: 'UNAUTHENTICATED' },
  'Mutation.signOutEverywhere': { query: 'mutation { signOutEverywhere }', code: 'FORBIDDEN' },
  'Mutation.changePassword': {
    query: 'mutation { changePassword(input: { currentPassword: "x", newPassword: "correct horse battery staple 42" }) }',
    code: 'FORBIDDEN',
  },
};
/** Checked below: lists that come back empty, and the link's own target. */
const checkedApart = ['Query.teams', 'Query.shared', 'Query.transitionRequestsAwaitingMe'];

/** Everything of the team a share link call could change. */
async function snapshot() {
  const teamId = world.team.id;
  return {
    team: await db.team.findUnique({ where: { id: teamId } }),
    memberships: await db.membership.findMany({ where: { teamId }, orderBy: { userId: 'asc' } }),
    invitations: await db.invitation.findMany({ where: { teamId }, select: { id: true, revokedAt: true }, orderBy: { id: 'asc' } }),
    tokens: await db.apiToken.findMany({ where: { teamId }, select: { id: true, revokedAt: true }, orderBy: { id: 'asc' } }),
    projects: await db.project.findMany({ where: { teamId }, select: { id: true, name: true, lifecycleStage: true }, orderBy: { id: 'asc' } }),
    runs: await db.run.findMany({ where: { teamId }, select: { id: true, name: true, status: true, lifecycleStage: true }, orderBy: { id: 'asc' } }),
    params: await db.param.count(),
    tags: await db.runTag.count(),
    comments: await db.comment.findMany({ where: { teamId }, select: { id: true, body: true, deletedAt: true }, orderBy: { id: 'asc' } }),
    comparisons: await db.comparison.count({ where: { teamId } }),
    shareLinks: await db.shareLink.findMany({ where: { teamId }, select: { id: true, revokedAt: true }, orderBy: { id: 'asc' } }),
    models: await db.registeredModel.findMany({ where: { teamId }, select: { id: true, name: true, description: true }, orderBy: { id: 'asc' } }),
    versions: await db.modelVersion.findMany({ where: { model: { teamId } }, select: { id: true, stage: true, description: true, deletedAt: true }, orderBy: { id: 'asc' } }),
    modelTags: await db.registeredModelTag.count({ where: { model: { teamId } } }),
    aliases: await db.modelAlias.findMany({ where: { model: { teamId } }, select: { alias: true, versionId: true } }),
    requests: await db.modelTransitionRequest.findMany({ where: { teamId }, select: { id: true, status: true }, orderBy: { id: 'asc' } }),
    protections: await db.registryProtection.count({ where: { teamId } }),
    preferences: await db.projectPreference.count({ where: { project: { teamId } } }),
    lineageEdges: await db.lineageEdge.count({ where: { teamId } }),
    datasets: await db.dataset.count({ where: { teamId } }),
  };
}

describe('the table covers every GraphQL root field', () => {
  it('lists each Query and Mutation field once', () => {
    const schema = buildSchema(loadTypeDefs());
    const fields = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) => Object.keys(type.getFields()).map((name) => `${type.name}.${name}`));
    expect([...Object.keys(cases), ...Object.keys(personOnly), ...checkedApart].sort()).toEqual(fields.sort());
  });
});

describe.each(kinds)('from a link to a %s', (kind) => {
  it.each(Object.entries(cases))('%s on another object of the team is NOT_FOUND and changes nothing', async (_name, c) => {
    const before = await snapshot();
    const result = await q(links[kind], c.query, c.variables?.(others) ?? {});
    expect({ code: result.code, data: result.data }).toEqual({ code: 'NOT_FOUND', data: null });
    expect(await snapshot()).toEqual(before);
  });

  it.each(Object.entries(personOnly))('%s answers as without credentials', async (_name, c) => {
    const result = await q(links[kind], c.query);
    expect({ code: result.code, data: result.data }).toEqual({ code: c.code, data: null });
  });

  it('lists no team, and sees its own target through Query.shared', async () => {
    expect(await q(links[kind], '{ teams { id } }')).toEqual({ code: 'OK', data: { teams: [] } });
    // A link decides no approval request, even with one pending in its team.
    expect(await q(links[kind], '{ transitionRequestsAwaitingMe { id } }')).toEqual({ code: 'OK', data: { transitionRequestsAwaitingMe: [] } });
    const result = await q(links[kind], '{ shared { targetType run { id } comparison { id } modelVersion { id } } }');
    expect(result.code).toBe('OK');
    expect(result.data).toEqual({
      shared: {
        run: { targetType: 'RUN', run: { id: shared.runId }, comparison: null, modelVersion: null },
        comparison: { targetType: 'COMPARISON', run: null, comparison: { id: shared.comparisonId }, modelVersion: null },
        version: { targetType: 'MODEL_VERSION', run: null, comparison: null, modelVersion: { id: shared.versionId } },
      }[kind],
    });
  });
});

describe('what a link to a run shows', () => {
  it("reads the run's charts, params, metrics and tags, and nothing around it", async () => {
    const ok = await q(
      links.run,
      'query($id: ID!) { run(id: $id) { id name params { key } latestMetrics { key } tags { key } note metricHistory(key: "loss") { points { value } } parent { id } children { id } } }',
      { id: shared.runId },
    );
    expect(ok.code).toBe('OK');
    // Its parent and its child are other runs: not there.
    expect(ok.data).toMatchObject({ run: { id: shared.runId, name: 'shared-run', parent: null, children: [], params: [{ key: 'lr' }] } });
    for (const field of ['project { id }', 'artifacts { path }', 'comments { comment { id } }', 'commentCount']) {
      expect((await q(links.run, `query($id: ID!) { run(id: $id) { id ${field} } }`, { id: shared.runId })).code, field).toBe('NOT_FOUND');
    }
    expect((await q(links.run, 'query($id: ID!) { comments(targetType: RUN, targetId: $id) { comment { id } } }', { id: shared.runId })).code).toBe('NOT_FOUND');
    // Read-only: writing to the shared run itself is FORBIDDEN.
    for (const mutation of [
      'mutation($id: ID!) { setRunNote(runId: $id, note: "x") { id } }',
      'mutation($id: ID!) { addComment(input: { targetType: RUN, targetId: $id, body: "x" }) { id } }',
      'mutation($id: ID!) { updateRun(input: { id: $id, status: KILLED }) { id } }',
    ]) {
      expect((await q(links.runWithAll, mutation, { id: shared.runId })).code, mutation).toBe('FORBIDDEN');
    }
    expect((await q(links.runWithAll, 'mutation($id: ID!) { createShareLink(input: { targetType: RUN, targetId: $id }) { url } }', { id: shared.runId })).code).toBe('FORBIDDEN');
  });

  it("charts the run's series in batch, and exports nothing of it (not even with every option)", async () => {
    const series = await q(links.run, 'query($ids: [ID!]!) { metricHistories(runIds: $ids, keys: ["loss"]) { runId key columns } }', { ids: [shared.runId] });
    expect(series).toEqual({ code: 'OK', data: { metricHistories: [{ runId: shared.runId, key: 'loss', columns: { steps: [0], timestamps: [1], values: [0.5] } }] } });
    for (const link of [links.run, links.runWithAll]) {
      expect(await q(link, 'query($id: ID!) { metricHistoryExport(runId: $id) { url } }', { id: shared.runId })).toEqual({ code: 'NOT_FOUND', data: null });
      expect((await app.fetch(`/api/export/runs/${shared.runId}/metrics`, { headers: share(link) })).status).toBe(404);
    }
  });

  it('shows comments and artifacts only when its creator included them', async () => {
    const full = await q(links.runWithAll, 'query($id: ID!) { run(id: $id) { artifacts { path } commentCount comments { comment { body } } } }', { id: shared.runId });
    expect(full).toEqual({
      code: 'OK',
      data: { run: { artifacts: [{ path: 'model.pkl' }], commentCount: 1, comments: [{ comment: { body: 'on the shared run' } }] } },
    });
  });
});

describe('what a link to a comparison shows', () => {
  it("reads exactly the comparison's runs and the comparison's own comments", async () => {
    const ok = await q(links.comparison, 'query($id: ID!) { comparison(id: $id) { name runs { id } comments { comment { body } } } }', { id: shared.comparisonId });
    expect(ok).toEqual({
      code: 'OK',
      data: { comparison: { name: 'a vs b', runs: shared.comparisonRunIds.map((id) => ({ id })), comments: [{ comment: { body: 'on the shared comparison' } }] } },
    });
    expect((await q(links.comparison, 'query($ids: [ID!]!) { compareRuns(runIds: $ids) { runs { id } } }', { ids: shared.comparisonRunIds })).code).toBe('OK');
    // The compare view's charts: every compared run's series in one call, and the saved view state.
    const series = await q(links.comparison, 'query($ids: [ID!]!) { metricHistories(runIds: $ids, keys: ["loss"]) { runId } }', { ids: shared.comparisonRunIds });
    expect(series).toEqual({ code: 'OK', data: { metricHistories: shared.comparisonRunIds.map((runId) => ({ runId })) } });
    expect((await q(links.comparison, 'query($ids: [ID!]!) { metricHistories(runIds: $ids, keys: ["loss"]) { runId } }', { ids: [...shared.comparisonRunIds, shared.runId] })).code).toBe('NOT_FOUND');
    // ...or along with the comparison itself (the compare view's one request), for its runs only.
    const withSeries = 'query($ids: [ID!]!) { compareRuns(runIds: $ids) { histories(keys: ["loss"]) { runId } } }';
    expect(await q(links.comparison, withSeries, { ids: shared.comparisonRunIds })).toEqual({ code: 'OK', data: { compareRuns: { histories: shared.comparisonRunIds.map((runId) => ({ runId })) } } });
    expect((await q(links.comparison, withSeries, { ids: [...shared.comparisonRunIds, shared.runId] })).code).toBe('NOT_FOUND');
    expect((await q(links.run, withSeries, { ids: shared.comparisonRunIds })).code).toBe('NOT_FOUND');
    expect((await q(links.comparison, 'query($id: ID!) { comparison(id: $id) { view } }', { id: shared.comparisonId })).data).toEqual({
      comparison: { view: { layout: 'auto', onlyDifferences: false, directions: {}, panels: null } },
    });
    // Mixing in one run it does not name fails the whole comparison.
    expect((await q(links.comparison, 'query($ids: [ID!]!) { compareRuns(runIds: $ids) { runs { id } } }', { ids: [...shared.comparisonRunIds, shared.runId] })).code).toBe('NOT_FOUND');
    // The comparison's comments, not those of its runs; no artifacts (not allowed).
    const [first] = shared.comparisonRunIds;
    expect((await q(links.comparison, 'query($id: ID!) { comments(targetType: RUN, targetId: $id) { comment { id } } }', { id: first })).code).toBe('NOT_FOUND');
    expect((await q(links.comparison, 'query($id: ID!) { run(id: $id) { artifacts { path } } }', { id: first })).code).toBe('NOT_FOUND');
    expect((await q(links.comparison, 'query($id: ID!) { run(id: $id) { project { id } } }', { id: first })).code).toBe('NOT_FOUND');
  });
});

describe('what a link to a model version shows', () => {
  const VERSION = `query($id: ID!) { modelVersion(id: $id) {
    id version modelName stage aliases description tags { key value } createdBy { email }
    run { id name params { key } latestMetrics { key } note metricHistory(key: "loss") { points { value } } modelVersions { id } }
  } }`;

  it("reads the version (its number, stage, aliases, tags) and its run's charts, params and metrics", async () => {
    const result = await q(links.version, VERSION, { id: shared.versionId });
    expect(result).toEqual({
      code: 'OK',
      data: {
        modelVersion: {
          id: shared.versionId,
          version: 2,
          modelName: 'team-model',
          stage: 'STAGING',
          aliases: ['challenger'],
          description: 'candidate',
          tags: [{ key: 'validated', value: 'yes' }],
          createdBy: { email: world.users.member.email },
          // The run does not lead to the run's other model versions (nor to this one's model).
          run: { id: shared.versionRunId, name: 'registered-run', params: [{ key: 'lr' }], latestMetrics: [{ key: 'loss' }], note: null, metricHistory: { points: [{ value: 0.5 }] }, modelVersions: [] },
        },
      },
    });
    expect(await q(links.version, '{ shared { modelVersion { id } } }')).toEqual({ code: 'OK', data: { shared: { modelVersion: { id: shared.versionId } } } });
  });

  it("reaches nothing else of the model: not the model, the history, other versions or the run's project", async () => {
    const field = (selection: string) => q(links.version, `query($id: ID!) { modelVersion(id: $id) { ${selection} } }`, { id: shared.versionId });
    for (const selection of ['model { id }', 'history { id }', 'files { path }', 'run { artifacts { path } }', 'run { comments { comment { id } } }', 'run { project { id } }']) {
      expect([selection, (await field(selection)).code]).toEqual([selection, 'NOT_FOUND']);
    }
    // Nullable links out of the version come back empty.
    expect((await field('project { id } run { parent { id } children { id } }')).data).toEqual({ modelVersion: { project: null, run: { parent: null, children: [] } } });
    // Its comments only when included; never those of its run.
    expect((await q(links.version, 'query($id: ID!) { comments(targetType: MODEL_VERSION, targetId: $id) { comment { id } } }', { id: shared.versionId })).code).toBe('NOT_FOUND');
    expect(await q(links.versionWithAll, 'query($id: ID!) { comments(targetType: MODEL_VERSION, targetId: $id) { comment { body } } }', { id: shared.versionId })).toEqual({
      code: 'OK',
      data: { comments: [{ comment: { body: 'on the shared version' } }] },
    });
    expect((await q(links.versionWithAll, 'query($id: ID!) { comments(targetType: RUN, targetId: $id) { comment { id } } }', { id: shared.versionRunId })).code).toBe('NOT_FOUND');
  });

  it('shows the model files, and only them, when its creator allowed artifacts', async () => {
    const files = await q(links.versionWithAll, 'query($id: ID!) { modelVersion(id: $id) { files { path } run { artifacts { path } } } }', { id: shared.versionId });
    expect(files).toEqual({ code: 'OK', data: { modelVersion: { files: [{ path: 'model/MLmodel' }], run: { artifacts: [{ path: 'model/MLmodel' }] } } } });
  });

  it('is read-only: writing to the version itself is FORBIDDEN and changes nothing', async () => {
    const before = await snapshot();
    for (const [mutation, variables] of [
      ['mutation($id: ID!) { setModelVersionTag(input: { versionId: $id, key: "k", value: "v" }) { id } }', { id: shared.versionId }],
      ['mutation($id: ID!) { updateModelVersion(input: { id: $id, description: "x" }) { id } }', { id: shared.versionId }],
      ['mutation($id: ID!) { transitionModelVersionStage(input: { versionId: $id, stage: PRODUCTION }) { id } }', { id: shared.versionId }],
      ['mutation($id: ID!) { setModelAlias(input: { versionId: $id, alias: "champion" }) { id } }', { id: shared.versionId }],
      ['mutation($id: ID!) { deleteModelVersion(id: $id) }', { id: shared.versionId }],
      ['mutation($id: ID!) { addComment(input: { targetType: MODEL_VERSION, targetId: $id, body: "x" }) { id } }', { id: shared.versionId }],
      ['mutation($id: ID!) { createShareLink(input: { targetType: MODEL_VERSION, targetId: $id }) { url } }', { id: shared.versionId }],
      ['mutation($id: ID!) { setRunNote(runId: $id, note: "x") { id } }', { id: shared.versionRunId }],
    ] as const) {
      expect((await q(links.versionWithAll, mutation, variables)).code, mutation).toBe('FORBIDDEN');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('outlives its run, and dies with its version', async () => {
    const member = await principalFor(world.users.member.id);
    const model = await db.registeredModel.findFirstOrThrow({ where: { teamId: world.team.id, name: 'team-model' } });
    const orphan = await db.modelVersion.create({ data: { modelId: model.id, version: 3, source: 'runs:/gone/model', storageLocation: 'mlflow-artifacts:/0/gone/artifacts/model' } });
    const link = await createShareLink(member, { targetType: 'MODEL_VERSION', targetId: orphan.id, allowArtifacts: true });
    const asLink = { secret: link.secret, id: link.shareLink.id };
    expect(await q(asLink, 'query($id: ID!) { modelVersion(id: $id) { version run { id } files { path } } }', { id: orphan.id })).toEqual({
      code: 'OK',
      data: { modelVersion: { version: 3, run: null, files: [] } },
    });
    await db.modelVersion.update({ where: { id: orphan.id }, data: { deletedAt: new Date() } });
    expect((await q(asLink, '{ shared { targetType } }')).code).toBe('UNAUTHENTICATED');
    expect(await openShareLink(link.secret)).toBeNull();
  });
});

describe('artifact routes', () => {
  const download = (path: string, headers: Record<string, string> = {}) => app.fetch(path, { headers }).then((r) => r.status);

  it('serve the runs a link names only when it allows artifacts, and nothing else', async () => {
    const proxy = (runId: string) => `/api/2.0/mlflow-artifacts/artifacts/${others.projectId}/${runId}/artifacts/model.pkl`;
    // Through the share page's own route.
    expect(await download(`/s/${links.runWithAll.secret}/artifacts/${shared.runId}/model.pkl`)).toBe(200);
    expect(await download(`/s/${links.run.secret}/artifacts/${shared.runId}/model.pkl`)).toBe(404);
    expect(await download(`/s/${links.runWithAll.secret}/artifacts/${others.runId}/model.pkl`)).toBe(404);
    expect(await download(`/s/${links.comparison.secret}/artifacts/${shared.comparisonRunIds[0]}/model.pkl`)).toBe(404);
    expect(await download(`/s/${'A'.repeat(43)}/artifacts/${shared.runId}/model.pkl`)).toBe(404);
    // Through the signed-in routes and the MLflow proxy, with the share header.
    expect(await download(`/api/artifacts/${shared.runId}/model.pkl`, share(links.runWithAll))).toBe(200);
    for (const link of [links.run, links.runWithAll, links.comparison]) {
      expect(await download(`/api/artifacts/${others.runId}/model.pkl`, share(link))).toBe(404);
      expect(await download(proxy(others.runId), share(link))).toBe(404);
      expect(await download(`/api/2.0/mlflow-artifacts/artifacts?path=${others.projectId}/${others.runId}/artifacts`, share(link))).toBe(404);
    }
    expect(await download(proxy(shared.runId), share(links.run))).toBe(404);
  });

  it("serve a version link the version's files, and no other artifact of its run", async () => {
    const root = `/s/${links.versionWithAll.secret}/artifacts/${shared.versionRunId}`;
    expect(await download(`${root}/model/MLmodel`)).toBe(200);
    expect(await download(`${root}/notes/secret.txt`)).toBe(404);
    expect(await download(`${root}/model.pkl`)).toBe(404);
    expect(await download(`/s/${links.version.secret}/artifacts/${shared.versionRunId}/model/MLmodel`)).toBe(404);
    expect(await download(`/s/${links.versionWithAll.secret}/artifacts/${shared.runId}/model.pkl`)).toBe(404);
    const proxied = (path: string) => `/api/2.0/mlflow-artifacts/artifacts/${shared.projectId}/${shared.versionRunId}/artifacts/${path}`;
    expect(await download(proxied('model/MLmodel'), share(links.versionWithAll))).toBe(200);
    expect(await download(proxied('notes/secret.txt'), share(links.versionWithAll))).toBe(404);
    expect(await download(`/api/artifacts/${shared.versionRunId}/notes/secret.txt`, share(links.versionWithAll))).toBe(404);
    // Listings show the way to the files and nothing beside them.
    const list = async (path: string) =>
      (await (await app.fetch(`/api/2.0/mlflow-artifacts/artifacts?path=${shared.projectId}/${shared.versionRunId}/artifacts${path}`, { headers: share(links.versionWithAll) })).json()) as {
        files?: { path: string }[];
      };
    expect((await list('')).files?.map((f) => f.path)).toEqual(['model']);
    expect((await list('/model')).files?.map((f) => f.path)).toEqual(['MLmodel']);
    expect((await list('/notes')).files).toBeUndefined();
  });
});

describe('live event streams', () => {
  const open = (path: string, headers: Record<string, string> = {}) => app.fetch(path, { headers });

  it('refuse every topic the link does not name', async () => {
    const topics = [`run:${others.runId}`, `project:${others.projectId}`, `thread:RUN:${others.runId}`, `thread:COMPARISON:${others.comparisonId}`, `thread:RUN:${shared.runId}`];
    for (const topic of topics) {
      expect((await open(`/s/${links.run.secret}/events?topics=${topic}`)).status, topic).toBe(404);
      expect((await open(`/api/events?topics=${topic}`, share(links.run))).status, topic).toBe(404);
    }
    expect((await open(`/api/events?topics=inbox`, share(links.run))).status).toBe(401);
    // A version link: its run and (when included) its own thread; nothing else of the model.
    for (const topic of [`thread:MODEL_VERSION:${others.versionId}`, `thread:RUN:${shared.versionRunId}`, `run:${shared.runId}`]) {
      expect((await open(`/s/${links.versionWithAll.secret}/events?topics=${topic}`)).status, topic).toBe(404);
    }
    expect((await open(`/s/${links.version.secret}/events?topics=thread:MODEL_VERSION:${shared.versionId}`)).status).toBe(404);
    for (const topic of [`thread:MODEL_VERSION:${shared.versionId}`, `run:${shared.versionRunId}`]) {
      const response = await open(`/s/${links.versionWithAll.secret}/events?topics=${topic}`);
      expect(response.status, topic).toBe(200);
      await response.body?.cancel();
    }
    expect((await open(`/s/${'A'.repeat(43)}/events?topics=run:${shared.runId}`)).status).toBe(404);
  });

  it('stream what it names, and end when the link is revoked', async () => {
    const link = await createShareLink(await principalFor(world.users.member.id), { targetType: 'RUN', targetId: shared.runId });
    const response = await open(`/s/${link.secret}/events?topics=run:${shared.runId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (pattern: RegExp) => {
      const deadline = Date.now() + 15_000;
      while (!pattern.test(received)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in ${received}`);
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value);
      }
      return pattern.test(received);
    };
    expect(await readUntil(/event: ready/)).toBe(true);
    await logBatch(await principalFor(world.users.member.id), { runId: shared.runId, metrics: [{ key: 'loss', value: 0.4, timestamp: 2, step: 1 }] });
    expect(await readUntil(new RegExp(`event: change\\ndata: \\{"topic":"run:${shared.runId}"\\}`))).toBe(true);
    await revokeShareLink(await principalFor(world.users.admin.id), { id: link.shareLink.id });
    expect(await readUntil(/event: end/)).toBe(true);
    await reader.cancel();
  });
});

describe.skipIf(!serverMode)('pages (built server)', () => {
  const page = (path: string, headers: Record<string, string> = {}) => app.fetch(path, { redirect: 'manual', headers });

  it("open the link's own page without sending a referrer or being indexed", async () => {
    for (const link of [links.run, links.version]) {
      const response = await page(`/s/${link.secret}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-robots-tag')).toMatch(/noindex/);
      const html = await response.text();
      expect(html).toMatch(/<meta name="robots" content="noindex/);
      expect(html).toMatch(/<meta name="referrer" content="no-referrer"/);
    }
  });

  it('are never the team’s pages, whatever the URL', async () => {
    for (const path of [`/s/${links.run.secret}/runs/${others.runId}`, `/s/${links.run.secret}/anything`]) {
      expect((await page(path)).status, path).toBe(404);
    }
    for (const path of [
      `/t/${others.slug}/projects`,
      `/t/${others.slug}/runs/${shared.runId}`,
      `/t/${others.slug}/runs/${others.runId}`,
      `/t/${others.slug}/comparisons/${shared.comparisonId}`,
      `/t/${others.slug}/models/${others.modelId}`,
      `/t/${others.slug}/models/${others.modelId}/versions/2`,
      `/t/${others.slug}/settings`,
      `/inbox`,
      `/open?to=/experiments/${others.projectId}/runs/${others.runId}`,
      `/open?to=/models/team-model/versions/2`,
    ]) {
      for (const link of [links.runWithAll, links.versionWithAll]) {
        const response = await page(path, share(link));
        expect(response.status, path).not.toBe(200);
        expect(response.headers.get('location') ?? '', path).toContain('/sign-in');
      }
    }
  });
});

describe('the secret', () => {
  it('has 256 bits, is stored only as its sha256 and appears in no audit event', async () => {
    expect(links.run.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.shareLink.findUniqueOrThrow({ where: { id: links.run.id } });
    expect(row.tokenHash).toBe(hashShareSecret(links.run.secret));
    expect(JSON.stringify(row)).not.toContain(links.run.secret);
    const events = await db.auditEvent.findMany({ where: { teamId: world.team.id } });
    expect(events.map((e) => e.action)).toContain('share_link.create');
    const logged = JSON.stringify(events, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    for (const secret of Object.values(links).map((l) => l.secret)) expect(logged).not.toContain(secret);
  });

  it('counts and audits every open of the page', async () => {
    const before = await db.shareLink.findUniqueOrThrow({ where: { id: links.comparison.id } });
    expect(await openShareLink(links.comparison.secret)).not.toBeNull();
    const after = await db.shareLink.findUniqueOrThrow({ where: { id: links.comparison.id } });
    expect(after.openCount).toBe(before.openCount + 1);
    expect(after.lastAccessedAt).not.toBeNull();
    const opened = await db.auditEvent.findFirstOrThrow({ where: { action: 'share_link.open', targetId: links.comparison.id }, orderBy: { id: 'desc' } });
    expect(opened.actorId).toBeNull();
  });
});

describe('a revoked or expired link', () => {
  it('is dead on every entry point', async () => {
    const member = await principalFor(world.users.member.id);
    const revoked = await createShareLink(member, { targetType: 'RUN', targetId: shared.runId, allowArtifacts: true });
    const expired = await createShareLink(member, { targetType: 'RUN', targetId: shared.runId, allowArtifacts: true });
    // A viewer may not revoke; a member other than its creator may.
    expect((await gql(app, 'mutation($id: ID!) { revokeShareLink(id: $id) { state } }', { id: revoked.shareLink.id }, { cookie: world.cookies.viewer })).code).toBe('FORBIDDEN');
    const result = await gql<{ revokeShareLink: { state: string } }>(app, 'mutation($id: ID!) { revokeShareLink(id: $id) { state } }', { id: revoked.shareLink.id }, { cookie: world.cookies.admin });
    expect(result.data?.revokeShareLink.state).toBe('REVOKED');
    expect(await db.auditEvent.count({ where: { action: 'share_link.revoke', targetId: revoked.shareLink.id, actorId: world.users.admin.id } })).toBe(1);
    await db.shareLink.update({ where: { id: expired.shareLink.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    for (const dead of [revoked, expired]) {
      const link = { secret: dead.secret, id: dead.shareLink.id };
      expect((await q(link, 'query($id: ID!) { run(id: $id) { id } }', { id: shared.runId })).code).toBe('UNAUTHENTICATED');
      expect((await app.fetch(`/s/${dead.secret}/artifacts/${shared.runId}/model.pkl`)).status).toBe(404);
      expect((await app.fetch(`/s/${dead.secret}/events?topics=run:${shared.runId}`)).status).toBe(404);
      expect((await app.fetch(`/api/2.0/mlflow/runs/get?run_id=${shared.runId}`, { headers: share(link) })).status).toBe(401);
      expect(await openShareLink(dead.secret)).toBeNull();
      if (serverMode) {
        const response = await app.fetch(`/s/${dead.secret}`);
        expect(response.status).toBe(404);
        expect(await response.text()).toContain('This link is no longer valid');
      }
    }
    const listed = await gql<{ team: { shareLinks: { id: string; state: string; openCount: number; createdBy: { email: string } }[] } }>(
      app,
      'query($slug: String!) { team(slug: $slug) { shareLinks { id state openCount createdBy { email } } } }',
      { slug: world.team.slug },
      { cookie: world.cookies.member },
    );
    const states = new Map(listed.data!.team.shareLinks.map((l) => [l.id, l.state]));
    expect(states.get(revoked.shareLink.id)).toBe('REVOKED');
    expect(states.get(expired.shareLink.id)).toBe('EXPIRED');
    expect(states.get(links.run.id)).toBe('ACTIVE');
    expect(listed.data!.team.shareLinks[0].createdBy.email).toBe(world.users.member.email);
    expect((await gql(app, 'query($slug: String!) { team(slug: $slug) { shareLinks { id } } }', { slug: world.team.slug }, { cookie: world.cookies.viewer })).code).toBe('FORBIDDEN');
  });
});
