// A model's approval requests, newest first, optionally only some statuses (the model page
// shows the pending ones first and the decided ones below).
import type { Principal } from '../authz/index.ts';
import type { TransitionRequestStatus } from '../db/client.ts';
import { loadModelFor, type ModelRef } from './load-registry-rows.ts';
import { findTransitionRequests, type TransitionRequestView } from './transition-request-view.ts';

export async function listTransitionRequests(
  principal: Principal,
  ref: ModelRef,
  input: { statuses?: TransitionRequestStatus[] | null; first?: number | null } = {},
): Promise<TransitionRequestView[]> {
  const model = await loadModelFor(principal, ref, 'team:read');
  const statuses = input.statuses?.length ? input.statuses : undefined;
  return findTransitionRequests({ modelId: model.id, ...(statuses ? { status: { in: statuses } } : {}) }, Math.min(Math.max(input.first ?? 100, 1), 500));
}
