// Membership rows as the APIs show them, and the owner guard every role change and
// removal goes through.
import type { TeamRole } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { badInput } from '../errors.ts';

export const memberSelect = {
  teamId: true,
  userId: true,
  role: true,
  createdAt: true,
  user: { select: { id: true, email: true, name: true } },
} satisfies Prisma.MembershipSelect;

export type MemberView = {
  teamId: string;
  userId: string;
  role: TeamRole;
  createdAt: Date;
  user: { id: string; email: string; name: string | null };
};

/**
 * Locks every membership row of the team until the transaction ends and returns the roles.
 * Two concurrent demotions or departures of the last two owners serialize here, and the
 * second one sees the first one's result (FOR UPDATE re-reads rows once it gets the lock).
 */
export async function lockMemberships(tx: Prisma.TransactionClient, teamId: string): Promise<Map<string, TeamRole>> {
  const rows = await tx.$queryRaw<{ user_id: string; role: TeamRole }[]>`
    SELECT user_id, role FROM memberships WHERE team_id = ${teamId} ORDER BY user_id FOR UPDATE`;
  return new Map(rows.map((row) => [row.user_id, row.role]));
}

/** Refuses a change that would leave the team without an owner. */
export function assertOwnerRemains(roles: Map<string, TeamRole>, userId: string, newRole: TeamRole | null): void {
  if (roles.get(userId) !== 'OWNER' || newRole === 'OWNER') return;
  const owners = [...roles.values()].filter((role) => role === 'OWNER').length;
  if (owners <= 1) throw badInput('A team needs at least one owner');
}
