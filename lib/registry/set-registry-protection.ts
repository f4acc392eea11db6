// Protect (or unprotect) a stage or an alias for all of a team's registered models: once
// protected, only admins move it and members file requests. Team administration: admins,
// signed in. Recorded in the audit trail.
import { actorUserId, authorize, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { badInput } from '../errors.ts';
import { checkAlias, parseStage, stageName } from './registry-input.ts';
import { listRegistryProtections, type RegistryProtectionView } from './list-registry-protections.ts';

export async function setRegistryProtection(
  principal: Principal,
  input: { teamId: string; stage?: string | null; alias?: string | null; protected: boolean; clientAddress?: string | null },
): Promise<RegistryProtectionView[]> {
  if (!input.stage === !input.alias) throw badInput('Name exactly one of stage or alias to protect');
  const kind = input.stage ? ('STAGE' as const) : ('ALIAS' as const);
  const name = input.stage ? parseStage(input.stage) : checkAlias(input.alias, { forSetting: true });
  if (name === 'NONE') throw badInput('The None stage cannot be protected');
  authorize(principal, 'team:update', input.teamId);
  await db.$transaction(async (tx) => {
    const key = { teamId_kind_name: { teamId: input.teamId, kind, name } };
    const existing = await tx.registryProtection.findUnique({ where: key });
    if (!!existing === input.protected) return;
    if (input.protected) await tx.registryProtection.create({ data: { teamId: input.teamId, kind, name, createdById: actorUserId(principal) } });
    else await tx.registryProtection.delete({ where: key });
    await recordAuditEvent(tx, {
      principal,
      teamId: input.teamId,
      action: input.protected ? 'registry.protection.add' : 'registry.protection.remove',
      targetType: 'Team',
      targetId: input.teamId,
      ip: input.clientAddress,
      metadata: kind === 'STAGE' ? { stage: stageName(name as never) } : { alias: name },
    });
  });
  return listRegistryProtections(principal, { teamId: input.teamId });
}
