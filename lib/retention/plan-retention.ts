// The retention rule, in one place: which runs of a project lose their artifacts under a
// policy, which keep them and why. A run keeps its artifacts when it is one of the top
// `keepTopN` runs by the metric (its latest value; runs without it, or NaN, never rank), when
// it backs a registered model version, while it is still running, or until it is
// `purgeAfterDays` old (from its end, or its start when it has none). Only active runs with
// artifacts are considered: deleted runs are gc's business. Used by the preview (dry run)
// and by apply-retention alike.
import type { SqlClient } from '../db/sql.ts';
import { DAY_MS } from '../gc/gc-settings.ts';
import { registeredVersionArtifacts } from './registered-version-artifacts.ts';
import type { RetentionPolicyRule } from './retention-policy-input.ts';

export type KeepReason = 'TOP_N' | 'REGISTERED_MODEL_VERSION' | 'RUNNING' | 'TOO_RECENT';

export type PlannedRun = {
  runId: string;
  name: string;
  status: string;
  /** The run's latest value of the policy's metric. */
  metric: number | null;
  /** 1 = best by the metric; null without a (non-NaN) value. */
  rank: number | null;
  bytes: number;
  files: number;
  finishedAt: Date;
  /** When its artifacts go unless it becomes kept (not for TOP_N, REGISTERED, RUNNING). */
  purgeAt: Date | null;
  reason: KeepReason | null;
  /** The registered versions it backs. */
  versions: string[];
};

export type RetentionPlan = {
  evaluatedAt: Date;
  /** Would lose their artifacts now. */
  purge: PlannedRun[];
  /** Not kept, but not old enough yet: they go at purgeAt. */
  later: PlannedRun[];
  kept: PlannedRun[];
  bytesToFree: number;
  filesToFree: number;
  runsWithoutArtifacts: number;
};

type Row = { id: string; name: string; status: string; start_time: string; end_time: string | null; metric: number | null; bytes: string; files: string };

export async function planRetention(client: SqlClient, projectId: bigint | string, policy: RetentionPolicyRule, now: Date): Promise<RetentionPlan> {
  const { rows } = await client.query<Row>(
    `SELECT r.id, r.name, r.status, r.start_time::text, r.end_time::text, m.value AS metric,
            coalesce(a.bytes, 0)::text AS bytes, coalesce(a.files, 0)::text AS files
       FROM runs r
       LEFT JOIN latest_metrics m ON m.run_id = r.id AND m.key = $2
       LEFT JOIN (SELECT run_id, sum(size) AS bytes, count(*) AS files
                    FROM artifacts
                   WHERE run_id IN (SELECT id FROM runs WHERE project_id = $1)
                   GROUP BY run_id) a ON a.run_id = r.id
      WHERE r.project_id = $1 AND r.lifecycle_stage = 'ACTIVE'`,
    [String(projectId), policy.metricKey ?? ''],
  );

  const ranked = rows
    .filter((row) => policy.metricKey !== null && row.metric !== null && !Number.isNaN(row.metric))
    .sort((a, b) => {
      const byMetric = policy.metricGoal === 'MIN' ? a.metric! - b.metric! : b.metric! - a.metric!;
      if (byMetric !== 0 && !Number.isNaN(byMetric)) return byMetric;
      return Number(a.start_time) - Number(b.start_time) || a.id.localeCompare(b.id);
    });
  const rankOf = new Map(ranked.map((row, index) => [row.id, index + 1]));

  const withArtifacts = rows.filter((row) => Number(row.files) > 0);
  const registered = await registeredVersionArtifacts(client, withArtifacts.map((row) => row.id));
  const versionsOf = new Map<string, string[]>();
  for (const entry of registered) versionsOf.set(entry.runId, [...new Set([...(versionsOf.get(entry.runId) ?? []), entry.version])]);

  const plan: RetentionPlan = { evaluatedAt: now, purge: [], later: [], kept: [], bytesToFree: 0, filesToFree: 0, runsWithoutArtifacts: rows.length - withArtifacts.length };
  for (const row of withArtifacts) {
    const rank = rankOf.get(row.id) ?? null;
    const finishedAt = new Date(Number(row.end_time ?? row.start_time));
    const ageLimit = new Date(finishedAt.getTime() + policy.purgeAfterDays * DAY_MS);
    const versions = versionsOf.get(row.id) ?? [];
    const reason: KeepReason | null =
      rank !== null && rank <= policy.keepTopN
        ? 'TOP_N'
        : versions.length > 0
          ? 'REGISTERED_MODEL_VERSION'
          : row.status === 'RUNNING' || row.status === 'SCHEDULED'
            ? 'RUNNING'
            : ageLimit > now
              ? 'TOO_RECENT'
              : null;
    const planned: PlannedRun = {
      runId: row.id,
      name: row.name,
      status: row.status,
      metric: row.metric,
      rank,
      bytes: Number(row.bytes),
      files: Number(row.files),
      finishedAt,
      purgeAt: reason === null || reason === 'TOO_RECENT' ? (reason === null ? now : ageLimit) : null,
      reason,
      versions,
    };
    if (reason === null) {
      plan.purge.push(planned);
      plan.bytesToFree += planned.bytes;
      plan.filesToFree += planned.files;
    } else if (reason === 'TOO_RECENT') {
      plan.later.push(planned);
    } else {
      plan.kept.push(planned);
    }
  }
  const byRank = (a: PlannedRun, b: PlannedRun) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.finishedAt.getTime() - b.finishedAt.getTime();
  plan.purge.sort(byRank);
  plan.kept.sort(byRank);
  plan.later.sort((a, b) => a.purgeAt!.getTime() - b.purgeAt!.getTime());
  return plan;
}
