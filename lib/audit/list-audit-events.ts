// The audit trail as admins read it, newest first, filtered by actor, action and target:
//  - a team's trail (team admins and owners, in a session): the team's events, plus the
//    personal events (sign-ins, failed sign-ins, sign-outs, password changes: recorded with no
//    team) of the team's current members;
//  - the whole instance's (teamId null: instance admins): every event, team-less ones included
//    (accounts, deleted teams, failed sign-ins of unknown emails, purges).
// One set-based query per page, keyset-paged by event id.
import { z } from 'zod';
import { authorizeInstanceAdmin, authorizeRow, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { query } from '../db/sql.ts';
import { parseInput } from '../validation/parse-input.ts';
import { AUDIT_ACTIONS, PERSONAL_ACTIONS } from './actions.ts';

export const MAX_AUDIT_PAGE = 500;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((value) => value || null);

const inputSchema = z.object({
  teamId: text(100),
  /** A user id, or part of the actor's email. */
  actor: text(320),
  /** An action name, or a prefix ending with '.' ('member.' for every membership event). */
  action: text(100),
  /** A target id, or a target type ('Run', 'User', ...). */
  target: text(200),
  since: z.coerce.date().nullish(),
  until: z.coerce.date().nullish(),
  first: z.number().int().min(1).max(MAX_AUDIT_PAGE, `first must be at most ${MAX_AUDIT_PAGE}`).default(50),
  /** Resume below this event id (the last id of the previous page). */
  afterId: z
    .string()
    .regex(/^\d{1,19}$/, 'Invalid cursor')
    .nullish(),
});

export type ListAuditEventsInput = z.input<typeof inputSchema>;

export type AuditEventView = {
  id: string;
  teamId: string | null;
  action: string;
  /** What a known action means (actions.ts). */
  description: string | null;
  actorId: string | null;
  actorEmail: string | null;
  actorName: string | null;
  token: { id: string; name: string; prefix: string } | null;
  targetType: string | null;
  targetId: string | null;
  /** What people call the target (a user's email, a run's name...), while it exists. */
  targetLabel: string | null;
  metadata: unknown;
  clientAddress: string | null;
  createdAt: Date;
};

type Row = {
  id: string;
  team_id: string | null;
  action: string;
  actor_id: string | null;
  actor_email: string | null;
  actor_name: string | null;
  token_id: string | null;
  token_name: string | null;
  token_prefix: string | null;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  metadata: unknown;
  ip: string | null;
  created_at: Date;
};

const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listAuditEvents(
  principal: Principal,
  rawInput: ListAuditEventsInput,
): Promise<{ events: AuditEventView[]; hasNextPage: boolean }> {
  const input = parseInput(inputSchema, rawInput);
  if (input.teamId) {
    const team = await db.team.findUnique({ where: { id: input.teamId }, select: { id: true } });
    // Reading who did what is part of managing the team's people.
    authorizeRow(principal, 'member:manage', team?.id, 'Team', input.teamId);
  } else {
    authorizeInstanceAdmin(principal);
  }
  const action = input.action;
  const rows = await query<Row>(
    `SELECT e.id::text, e.team_id, e.action, e.actor_id, e.actor_email, u.name AS actor_name,
            e.token_id, t.name AS token_name, t.prefix AS token_prefix,
            e.target_type, e.target_id, e.metadata, e.ip, e.created_at,
            CASE e.target_type
              WHEN 'User' THEN (SELECT x.email FROM users x WHERE x.id = e.target_id)
              WHEN 'Team' THEN (SELECT x.slug FROM teams x WHERE x.id = e.target_id)
              WHEN 'ApiToken' THEN (SELECT x.name FROM api_tokens x WHERE x.id = e.target_id)
              WHEN 'Invitation' THEN (SELECT coalesce(x.email, 'link') FROM invitations x WHERE x.id = e.target_id)
              WHEN 'Project' THEN (SELECT x.name FROM projects x WHERE e.target_id ~ '^[0-9]{1,18}$' AND x.id = e.target_id::bigint)
              WHEN 'Run' THEN (SELECT x.name FROM runs x WHERE length(e.target_id) = 32 AND x.id = e.target_id::char(32))
            END AS target_label
       FROM audit_events e
       LEFT JOIN users u ON u.id = e.actor_id
       LEFT JOIN api_tokens t ON t.id = e.token_id
      WHERE ($1::text IS NULL
             OR e.team_id = $1
             OR (e.team_id IS NULL AND e.action = ANY($2::text[])
                 AND (e.actor_id IN (SELECT user_id FROM memberships WHERE team_id = $1)
                      OR (e.target_type = 'User' AND e.target_id IN (SELECT user_id FROM memberships WHERE team_id = $1)))))
        AND ($3::text IS NULL OR e.actor_id = $3 OR e.actor_email ILIKE '%' || $4 || '%')
        AND ($5::text IS NULL OR (CASE WHEN right($5, 1) = '.' THEN starts_with(e.action, $5) ELSE e.action = $5 END))
        AND ($6::text IS NULL OR e.target_id = $6 OR lower(e.target_type) = lower($6))
        AND ($7::timestamptz IS NULL OR e.created_at >= $7::timestamptz AT TIME ZONE 'UTC')
        AND ($8::timestamptz IS NULL OR e.created_at < $8::timestamptz AT TIME ZONE 'UTC')
        AND ($9::bigint IS NULL OR e.id < $9)
      ORDER BY e.id DESC
      LIMIT $10`,
    [
      input.teamId,
      PERSONAL_ACTIONS,
      input.actor,
      input.actor ? likeEscape(input.actor) : null,
      action,
      input.target,
      input.since ?? null,
      input.until ?? null,
      input.afterId ?? null,
      input.first + 1,
    ],
  );
  const page = rows.slice(0, input.first);
  return { events: page.map(toView), hasNextPage: rows.length > input.first };
}

function toView(row: Row): AuditEventView {
  return {
    id: row.id,
    teamId: row.team_id,
    action: row.action,
    description: (AUDIT_ACTIONS as Record<string, string>)[row.action] ?? null,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    actorName: row.actor_name,
    token: row.token_id ? { id: row.token_id, name: row.token_name ?? '', prefix: row.token_prefix ?? '' } : null,
    targetType: row.target_type,
    targetId: row.target_id,
    targetLabel: row.target_label,
    metadata: row.metadata,
    clientAddress: row.ip,
    createdAt: row.created_at,
  };
}
