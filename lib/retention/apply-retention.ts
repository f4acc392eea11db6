// Apply every enabled retention policy (the scheduled gc calls this): the runs the plan says
// go lose their artifact rows, their bytes are queued for removal in the same transaction,
// and each run gets a `cairn.artifacts.purged` tag and an audit event, so people can tell where
// the files went. Run metadata (params, metrics, tags) stays. A run registered as a model
// version between the plan and the purge is caught: the purge re-checks under the run's lock.
import { system } from '../authz/index.ts';
import { recordAuditEventSql } from '../audit/record-audit-event.ts';
import { pool } from '../db/client.ts';
import { query, withTransaction } from '../db/sql.ts';
import { enqueueArtifactPurges } from '../gc/enqueue-artifact-purge.ts';
import { lockArtifactBytesShared } from '../tracking/artifacts/artifact-location.ts';
import { planRetention, type PlannedRun } from './plan-retention.ts';
import { registeredVersionArtifacts } from './registered-version-artifacts.ts';
import type { RetentionPolicyRule } from './retention-policy-input.ts';

export const PURGED_TAG = 'cairn.artifacts.purged';

export type RetentionReport = { projectId: string; projectName: string; teamId: string; runs: PlannedRun[]; bytes: number; files: number }[];

type PolicyRow = RetentionPolicyRule & { projectId: string; projectName: string; teamId: string };

const BATCH = 100;

export async function applyRetentionPolicies(options: { now: Date; dryRun: boolean }): Promise<RetentionReport> {
  const policies = await query<PolicyRow>(
    `SELECT rp.project_id::text AS "projectId", p.name AS "projectName", p.team_id AS "teamId",
            rp.keep_top_n AS "keepTopN", rp.metric_key AS "metricKey", rp.metric_goal AS "metricGoal",
            rp.purge_after_days AS "purgeAfterDays", rp.enabled
       FROM retention_policies rp JOIN projects p ON p.id = rp.project_id
      WHERE rp.enabled AND p.lifecycle_stage = 'ACTIVE'
      ORDER BY rp.project_id`,
  );
  const report: RetentionReport = [];
  for (const policy of policies) {
    const plan = await planRetention(pool(), policy.projectId, policy, options.now);
    if (plan.purge.length === 0) continue;
    const purged = options.dryRun ? plan.purge : await purgeRuns(policy, plan.purge, options.now);
    if (purged.length === 0) continue;
    report.push({
      projectId: policy.projectId,
      projectName: policy.projectName,
      teamId: policy.teamId,
      runs: purged,
      bytes: purged.reduce((sum, run) => sum + run.bytes, 0),
      files: purged.reduce((sum, run) => sum + run.files, 0),
    });
  }
  return report;
}

async function purgeRuns(policy: PolicyRow, runs: PlannedRun[], now: Date): Promise<PlannedRun[]> {
  const purged: PlannedRun[] = [];
  for (let i = 0; i < runs.length; i += BATCH) {
    const batch = runs.slice(i, i + BATCH);
    purged.push(
      ...(await withTransaction(async (client) => {
        // FOR UPDATE conflicts with the key-share lock a model version's insert takes on its run.
        const { rows: locked } = await client.query<{ id: string }>(
          `SELECT id FROM runs WHERE id = ANY($1::text[]) AND lifecycle_stage = 'ACTIVE' ORDER BY id FOR UPDATE`,
          [batch.map((run) => run.runId)],
        );
        const registered = new Set((await registeredVersionArtifacts(client, locked.map((row) => row.id))).map((entry) => entry.runId));
        const lockedIds = new Set(locked.map((row) => row.id));
        const going = batch.filter((run) => lockedIds.has(run.runId) && !registered.has(run.runId));
        if (going.length === 0) return [];
        await lockArtifactBytesShared(client);
        const ids = going.map((run) => run.runId);
        const { rows: removed } = await client.query<{ run_id: string; bytes: string; files: string }>(
          `WITH gone AS (DELETE FROM artifacts WHERE run_id = ANY($1::text[]) RETURNING run_id, size)
           SELECT run_id, sum(size)::text AS bytes, count(*)::text AS files FROM gone GROUP BY run_id`,
          [ids],
        );
        const removedOf = new Map(removed.map((row) => [row.run_id, row]));
        await client.query(
          `INSERT INTO run_tags (run_id, key, value) SELECT unnest($1::text[]), $2, $3
           ON CONFLICT (run_id, key) DO UPDATE SET value = EXCLUDED.value`,
          [ids, PURGED_TAG, `${now.toISOString()} by the project's retention policy`],
        );
        await enqueueArtifactPurges(
          client,
          going.map((run) => ({ keyPrefix: `${policy.projectId}/${run.runId}/artifacts`, reason: 'retention.purge', teamId: policy.teamId, bytes: removedOf.get(run.runId)?.bytes ?? 0, notBefore: now })),
        );
        for (const run of going) {
          await recordAuditEventSql(client, {
            principal: system,
            teamId: policy.teamId,
            action: 'retention.purge',
            targetType: 'Run',
            targetId: run.runId,
            metadata: {
              via: 'gc',
              project: policy.projectName,
              run: run.name,
              bytes: Number(removedOf.get(run.runId)?.bytes ?? 0),
              files: Number(removedOf.get(run.runId)?.files ?? 0),
              policy: { keepTopN: policy.keepTopN, metricKey: policy.metricKey, metricGoal: policy.metricGoal, purgeAfterDays: policy.purgeAfterDays },
            },
            ip: null,
          });
        }
        return going.map((run) => ({ ...run, bytes: Number(removedOf.get(run.runId)?.bytes ?? 0), files: Number(removedOf.get(run.runId)?.files ?? 0) }));
      })),
    );
  }
  return purged;
}
