// The stages and aliases a team protects (anyone in the team may read which they are).
import { authorize, type Principal } from '../authz/index.ts';
import { db, type ModelStage } from '../db/client.ts';

export type RegistryProtectionView = { teamId: string; kind: 'STAGE' | 'ALIAS'; stage: ModelStage | null; alias: string | null; createdById: string | null; createdAt: Date };

export async function listRegistryProtections(principal: Principal, input: { teamId: string }): Promise<RegistryProtectionView[]> {
  authorize(principal, 'team:read', input.teamId);
  const rows = await db.registryProtection.findMany({ where: { teamId: input.teamId }, orderBy: [{ kind: 'asc' }, { name: 'asc' }] });
  return rows.map((row) => ({
    teamId: row.teamId,
    kind: row.kind,
    stage: row.kind === 'STAGE' ? (row.name as ModelStage) : null,
    alias: row.kind === 'ALIAS' ? row.name : null,
    createdById: row.createdById,
    createdAt: row.createdAt,
  }));
}
