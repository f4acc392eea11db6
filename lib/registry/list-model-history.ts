// The history of a model (or of one of its versions): every stage move and alias change with
// who, when, from what, to what and why, newest first, paged by an opaque cursor. Kept as long
// as the model is.
import { z } from 'zod';
import type { Principal } from '../authz/index.ts';
import { badInput } from '../errors.ts';
import { parseInput } from '../validation/parse-input.ts';
import { loadModelFor, loadVersionFor } from './load-registry-rows.ts';
import { findTransitions, type TransitionView } from './model-history.ts';

export const MAX_HISTORY_PAGE = 500;

const input = z.object({
  modelId: z.string().min(1).optional(),
  versionId: z.string().min(1).optional(),
  first: z.number().int().min(1).max(MAX_HISTORY_PAGE, `first must be at most ${MAX_HISTORY_PAGE}`).default(100),
  after: z.string().max(200).nullish(),
});

/** The cursor that resumes after `entry`. */
export const historyCursor = (entry: TransitionView) => Buffer.from(`history:${entry.createdAt.toISOString()}|${entry.id}`).toString('base64url');

function decode(cursor: string): { createdAt: Date; id: string } {
  const match = /^history:([^|]+)\|(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const createdAt = match ? new Date(match[1]) : null;
  if (!match || !createdAt || Number.isNaN(createdAt.getTime())) throw badInput('Invalid cursor');
  return { createdAt, id: match[2] };
}

export async function listModelHistory(
  principal: Principal,
  raw: { modelId?: string; versionId?: string; first?: number; after?: string | null },
): Promise<{ entries: TransitionView[]; nextCursor: string | null }> {
  const parsed = parseInput(input, raw);
  if (!parsed.modelId === !parsed.versionId) throw badInput('Name a model or a version');
  const where = parsed.versionId
    ? { versionId: (await loadVersionFor(principal, { versionId: parsed.versionId }, 'team:read')).id }
    : { modelId: (await loadModelFor(principal, { modelId: parsed.modelId! }, 'team:read')).id };
  const rows = await findTransitions(where, parsed.first + 1, parsed.after ? decode(parsed.after) : undefined);
  const entries = rows.slice(0, parsed.first);
  return { entries, nextCursor: rows.length > parsed.first ? historyCursor(entries[entries.length - 1]) : null };
}
