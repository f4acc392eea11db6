// What each stage (Staging, Production) and alias of a model would roll back to now, for pages
// that offer "Roll back Production: v3 → v2". The same history rule as rollbackModel
// (moves.ts rollbackTargetId), computed for every target from one history query.
import type { Principal } from '../authz/index.ts';
import { db, type ModelStage } from '../db/client.ts';
import { loadModelFor } from './load-registry-rows.ts';
import { rollbackTargetId } from './moves.ts';
import { ACTIVE_STAGES } from './registry-input.ts';
import { loadModelView } from './registry-view.ts';

export type RollbackTargetView = { stage: ModelStage | null; alias: string | null; currentVersion: number | null; targetVersion: number };

export async function listRollbackTargets(principal: Principal, input: { modelId: string }): Promise<RollbackTargetView[]> {
  const model = await loadModelFor(principal, { modelId: input.modelId }, 'team:read');
  const [view, events, live] = await Promise.all([
    loadModelView(model.id),
    db.modelVersionTransition.findMany({
      where: { modelId: model.id, OR: [{ kind: 'STAGE', toStage: { in: [...ACTIVE_STAGES] }, automatic: false }, { kind: { in: ['ALIAS_SET', 'ALIAS_DELETED'] } }] },
      select: { kind: true, toStage: true, alias: true, versionId: true, previousVersionId: true, rollback: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
    db.modelVersion.findMany({ where: { modelId: model.id, deletedAt: null }, select: { id: true, version: true } }),
  ]);
  const numberOf = new Map(live.map((v) => [v.id, v.version]));
  const targets: RollbackTargetView[] = [];
  const add = (stage: ModelStage | null, alias: string | null, currentVersion: number | null, targetId: string | null) => {
    const targetVersion = targetId ? numberOf.get(targetId) : undefined;
    if (targetVersion !== undefined && targetVersion !== currentVersion) targets.push({ stage, alias, currentVersion, targetVersion });
  };
  for (const stage of ACTIVE_STAGES) {
    const current = view.latestVersions.find((v) => v.stage === stage)?.version ?? null;
    add(stage, null, current, rollbackTargetId(events.filter((e) => e.kind === 'STAGE' && e.toStage === stage)));
  }
  const aliases = new Set(events.filter((e) => e.alias).map((e) => e.alias!));
  for (const alias of [...aliases].sort()) {
    const current = view.aliases.find((a) => a.alias === alias)?.version ?? null;
    add(null, alias, current, rollbackTargetId(events.filter((e) => e.alias === alias)));
  }
  return targets;
}
