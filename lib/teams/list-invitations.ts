// A team's open invitations for its admins: pending ones and those that expired unused in
// the last 30 days (so admins see why a link stopped working). Newest first.
import { z } from 'zod';
import type { Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { parseInput } from '../validation/parse-input.ts';
import { authorizeTeam } from './authorize-team.ts';
import { invitationView, invitationViewSelect, type InvitationView } from './invitation-view.ts';
import { teamIdSchema } from './team-input.ts';

const inputSchema = z.object({ teamId: teamIdSchema });
const EXPIRED_SHOWN_DAYS = 30;

export async function listInvitations(principal: Principal, rawInput: { teamId: string }): Promise<InvitationView[]> {
  const input = parseInput(inputSchema, rawInput);
  await authorizeTeam(principal, 'member:manage', input.teamId);
  const rows = await db.invitation.findMany({
    where: {
      teamId: input.teamId,
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: new Date(Date.now() - EXPIRED_SHOWN_DAYS * 86_400_000) },
    },
    select: invitationViewSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  return rows.map(invitationView);
}
