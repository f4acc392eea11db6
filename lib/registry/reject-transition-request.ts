// An admin rejects a request, with a comment: nothing moves; the request is closed and stays
// listed with the decision. Nobody decides their own request (they can cancel it).
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { closeRequest, lockRequestToDecide } from './decide-transition-request.ts';
import { MAX_COMMENT_LENGTH, optionalText } from './registry-input.ts';
import { loadTransitionRequestView, type TransitionRequestView } from './transition-request-view.ts';

export async function rejectTransitionRequest(
  principal: Principal,
  input: { requestId: string; comment?: string | null; clientAddress?: string | null },
): Promise<TransitionRequestView> {
  const decisionComment = optionalText(input.comment, 'comment', MAX_COMMENT_LENGTH);
  await db.$transaction(async (tx) => {
    const locked = await lockRequestToDecide(tx, principal, input.requestId);
    await closeRequest(tx, principal, locked, { status: 'REJECTED', comment: decisionComment, ip: input.clientAddress });
  });
  return loadTransitionRequestView(input.requestId);
}
