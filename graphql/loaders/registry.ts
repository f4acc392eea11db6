// Registry rows per request, batched: a page of 100 versions with their model, run, run data,
// aliases, tags, history and alias protections costs the same number of queries as a page of 5.
// Every loader keyed by id filters by the caller's readable teams (another team's id loads as
// null); the per-run and per-version lists take ids of rows the caller already read.
import DataLoader from 'dataloader';
import { readableTeamIds, type Principal } from '../../lib/authz/index.ts';
import { db } from '../../lib/db/client.ts';
import { findTransitionsOf, type TransitionView } from '../../lib/registry/model-history.ts';
import { loadModelViews, loadVersionViews, type ModelVersionView, type RegisteredModelView } from '../../lib/registry/registry-view.ts';
import { findTransitionRequests, type TransitionRequestView } from '../../lib/registry/transition-request-view.ts';
import { manyByKey, oneByKey } from './batch.ts';

export function createRegistryLoaders(principal: Principal) {
  const readable = () => new Set(readableTeamIds(principal));

  const modelById = new DataLoader<string, RegisteredModelView | null>(async (ids) => {
    const teams = readable();
    return oneByKey(ids, (await loadModelViews(ids)).filter((m) => teams.has(m.teamId)), (m) => m.id);
  });

  const versionById = new DataLoader<string, ModelVersionView | null>(async (ids) => {
    const teams = readable();
    return oneByKey(ids, (await loadVersionViews(ids)).filter((v) => teams.has(v.teamId)), (v) => v.id);
  });

  const versionsByRun = new DataLoader<string, ModelVersionView[]>(async (runIds) => {
    const rows = await db.modelVersion.findMany({
      where: { runId: { in: [...runIds] }, deletedAt: null, model: { teamId: { in: [...readable()] } } },
      select: { id: true },
      orderBy: [{ createdAt: 'asc' }, { version: 'asc' }],
    });
    const versions = (await versionById.loadMany(rows.map((r) => r.id))).filter((v): v is ModelVersionView => !!v && !(v instanceof Error));
    return manyByKey(runIds, versions, (v) => v.runId!);
  });

  const historyByVersion = new DataLoader<string, TransitionView[]>(async (versionIds) =>
    manyByKey(versionIds, await findTransitionsOf({ versionId: { in: [...versionIds] } }), (t) => t.versionId),
  );

  /** "STAGE:PRODUCTION" and "ALIAS:champion" entries of each team. */
  const protectionsByTeam = new DataLoader<string, Set<string>>(async (teamIds) => {
    const rows = await db.registryProtection.findMany({ where: { teamId: { in: [...teamIds] } }, select: { teamId: true, kind: true, name: true } });
    return manyByKey(teamIds, rows, (r) => r.teamId).map((list) => new Set(list.map((r) => `${r.kind}:${r.name}`)));
  });

  const requestById = new DataLoader<string, TransitionRequestView | null>(async (ids) =>
    oneByKey(ids, await findTransitionRequests({ id: { in: [...ids] }, teamId: { in: [...readable()] } }, ids.length), (r) => r.id),
  );

  return { modelById, versionById, versionsByRun, historyByVersion, protectionsByTeam, requestById };
}
