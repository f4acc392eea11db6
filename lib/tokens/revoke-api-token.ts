// Revoke an API token: your own (from a signed-in session), or anyone's in a team you
// manage tokens for. Another team's token, like a missing one, is NOT_FOUND. Revoking
// twice is harmless: the first revocation time is kept.
import { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorUserId, authorize, authorizeRow, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { parseInput } from '../validation/parse-input.ts';
import { apiTokenViewSelect, type ApiTokenView } from './api-token-view.ts';
import { announcePrincipalChange, forgetPrincipals } from '../authz/principal-changes.ts';

const inputSchema = z.object({ tokenId: z.string().min(1, 'tokenId is required') });

export async function revokeApiToken(principal: Principal, rawInput: { tokenId: string }): Promise<ApiTokenView> {
  const { tokenId } = parseInput(inputSchema, rawInput);
  const token = await db.apiToken.findUnique({ where: { id: tokenId }, select: { teamId: true, userId: true } });
  authorizeRow(principal, 'team:read', token?.teamId, 'API token', tokenId);
  const own = token!.userId === actorUserId(principal);
  // Your own token needs the same right as creating one (a session, any role); anyone else's needs token:manage.
  authorize(principal, own ? 'token:create' : 'token:manage', token!.teamId);

  let revokedNow = false;
  const revoked = await db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count > 0) {
      revokedNow = true;
      await announcePrincipalChange(tx, [token!.userId]); // every process drops the token at once
      await recordAuditEvent(tx, {
        principal,
        teamId: token!.teamId,
        action: 'token.revoke',
        targetType: 'ApiToken',
        targetId: tokenId,
        metadata: { userId: token!.userId },
      });
    }
    return tx.apiToken.findUniqueOrThrow({ where: { id: tokenId }, select: apiTokenViewSelect });
  });
  if (revokedNow) await forgetPrincipals([token!.userId]);
  return revoked;
}
