// Delete a team and everything it holds (the schema cascades from teams; metric points,
// which have no foreign key, are deleted here). Owners only.
// Its artifact bytes are queued for removal after the gc grace period (lib/gc), in the same
// transaction, so they are neither left behind for good nor removed before the rows are gone.
// The audit event is team-less on purpose; the team's earlier events stay (team_id set null).
import { z } from 'zod';
import type { Principal } from '../authz/index.ts';
import { recordAuditEventSql } from '../audit/record-audit-event.ts';
import { withTransaction } from '../db/sql.ts';
import { enqueueArtifactPurges } from '../gc/enqueue-artifact-purge.ts';
import { DAY_MS, gcGraceDays } from '../gc/gc-settings.ts';
import { lockArtifactBytesShared } from '../tracking/artifacts/artifact-location.ts';
import { deleteRunPoints } from '../tracking/run-data/delete-run-points.ts';
import { parseInput } from '../validation/parse-input.ts';
import { authorizeTeam } from './authorize-team.ts';
import { teamIdSchema } from './team-input.ts';
import { announcePrincipalChange, forgetPrincipals } from '../authz/principal-changes.ts';

const inputSchema = z.object({ teamId: teamIdSchema });

export async function deleteTeam(principal: Principal, rawInput: { teamId: string }): Promise<void> {
  const input = parseInput(inputSchema, rawInput);
  const { team } = await authorizeTeam(principal, 'team:delete', input.teamId);
  let memberIds: string[] = [];
  await withTransaction(async (client) => {
    await lockArtifactBytesShared(client);
    const { rows: projects } = await client.query<{ id: string; bytes: string }>(
      `SELECT p.id::text, coalesce(sum(a.size), 0)::text AS bytes
         FROM projects p
         LEFT JOIN runs r ON r.project_id = p.id
         LEFT JOIN artifacts a ON a.run_id = r.id
        WHERE p.team_id = $1
        GROUP BY p.id`,
      [team.id],
    );
    const { rows: members } = await client.query<{ user_id: string }>('SELECT user_id FROM memberships WHERE team_id = $1', [team.id]);
    memberIds = members.map((m) => m.user_id);
    await announcePrincipalChange(client, memberIds);
    // The team row first: a run being created waits on it (its foreign key), so the runs
    // locked next are all there will be.
    await client.query('SELECT 1 FROM teams WHERE id = $1 FOR UPDATE', [team.id]);
    const { rows: runs } = await client.query<{ id: string }>('SELECT id FROM runs WHERE team_id = $1 FOR UPDATE', [team.id]);
    await deleteRunPoints(client, runs.map((r) => r.id));
    await client.query('DELETE FROM teams WHERE id = $1', [team.id]);
    const notBefore = new Date(Date.now() + gcGraceDays() * DAY_MS);
    await enqueueArtifactPurges(client, projects.map((p) => ({ keyPrefix: p.id, reason: 'team.delete', teamId: team.id, bytes: p.bytes, notBefore })));
    await recordAuditEventSql(client, {
      principal,
      teamId: null,
      action: 'team.delete',
      targetType: 'Team',
      targetId: team.id,
      metadata: { name: team.name, slug: team.slug, projects: projects.length, bytes: projects.reduce((sum, p) => sum + Number(p.bytes), 0) },
    });
  });
  await forgetPrincipals(memberIds);
}
