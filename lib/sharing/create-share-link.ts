// A member shares exactly one run, saved comparison or model version with people outside the
// team: a read-only link, valid 30 days unless told otherwise (or forever), optionally with the
// target's comments and with artifact downloads (a version's: its files). Recorded in the audit
// trail (without the secret).
import { z } from 'zod';
import { actorUserId, type Principal } from '../authz/index.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { db } from '../db/client.ts';
import { loadComparisonFor } from '../comparisons/comparison-view.ts';
import { loadVersionFor } from '../registry/load-registry-rows.ts';
import { loadRunFor } from '../tracking/runs/load-run-for.ts';
import { parseInput } from '../validation/parse-input.ts';
import { generateShareSecret, sharePath } from './share-secret.ts';
import { shareLinkInclude, storedTargetType, toShareLinkViews, type ShareLinkView } from './share-link-view.ts';

export const DEFAULT_SHARE_DAYS = 30;
const MAX_SHARE_DAYS = 3650;

const input = z.object({
  targetType: z.enum(['RUN', 'COMPARISON', 'MODEL_VERSION'], { message: 'A share link names a RUN, a COMPARISON or a MODEL_VERSION' }),
  targetId: z.string().trim().min(1, 'targetId is required').max(64),
  /** Days until the link stops working; null: never. */
  expiresInDays: z
    .number()
    .int()
    .min(1, 'A link lasts at least one day')
    .max(MAX_SHARE_DAYS, `At most ${MAX_SHARE_DAYS} days: choose "never" for a link without end`)
    .nullable()
    .default(DEFAULT_SHARE_DAYS),
  includeComments: z.boolean().default(false),
  allowArtifacts: z.boolean().default(false),
});

export type CreatedShareLink = { shareLink: ShareLinkView; secret: string; path: string };

export async function createShareLink(principal: Principal, rawInput: z.input<typeof input>, meta: { ip?: string | null } = {}): Promise<CreatedShareLink> {
  const parsed = parseInput(input, rawInput);
  const target =
    parsed.targetType === 'RUN'
      ? await loadRunFor(principal, parsed.targetId, 'share:manage')
      : parsed.targetType === 'COMPARISON'
        ? await loadComparisonFor(principal, parsed.targetId, 'share:manage')
        : await loadVersionFor(principal, { versionId: parsed.targetId }, 'share:manage');
  const { secret, tokenHash } = generateShareSecret();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.shareLink.create({
      data: {
        teamId: target.teamId,
        targetType: storedTargetType(parsed.targetType),
        targetId: target.id,
        tokenHash,
        createdById: actorUserId(principal),
        includeComments: parsed.includeComments,
        allowArtifacts: parsed.allowArtifacts,
        expiresAt: parsed.expiresInDays === null ? null : new Date(Date.now() + parsed.expiresInDays * 86_400_000),
      },
      include: shareLinkInclude,
    });
    await recordAuditEvent(tx, {
      principal,
      teamId: target.teamId,
      action: 'share_link.create',
      targetType: 'ShareLink',
      targetId: created.id,
      metadata: {
        sharedType: parsed.targetType,
        sharedId: target.id,
        expiresAt: created.expiresAt?.toISOString() ?? null,
        includeComments: parsed.includeComments,
        allowArtifacts: parsed.allowArtifacts,
      },
      ip: meta.ip,
    });
    return created;
  });
  const [shareLink] = await toShareLinkViews([row]);
  return { shareLink, secret, path: sharePath(secret) };
}
