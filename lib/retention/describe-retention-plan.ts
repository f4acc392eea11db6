// A retention plan as text (the admin CLI's `retention` command and reports).
import { formatBytes } from '../gc/collect-garbage.ts';
import type { PlannedRun, RetentionPlan } from './plan-retention.ts';
import type { RetentionPolicyRule } from './retention-policy-input.ts';

const REASONS: Record<string, string> = {
  TOP_N: 'top runs',
  REGISTERED_MODEL_VERSION: 'registered model version',
  RUNNING: 'still running',
  TOO_RECENT: 'not old enough yet',
};

function line(run: PlannedRun): string {
  const metric = run.metric === null ? 'no value' : String(run.metric);
  const rank = run.rank === null ? '' : ` #${run.rank}`;
  const why = run.reason ? `  (${REASONS[run.reason]}${run.versions.length ? `: ${run.versions.join(', ')}` : ''})` : '';
  return `  ${run.runId}  ${run.name.padEnd(24)} ${metric.padStart(10)}${rank.padEnd(6)} ${String(run.files).padStart(4)} files ${formatBytes(run.bytes).padStart(10)}${why}`;
}

export function describeRetentionPlan(policy: RetentionPolicyRule, plan: RetentionPlan): string[] {
  const rule = policy.keepTopN > 0 ? `keep the top ${policy.keepTopN} runs by ${policy.metricKey} (${policy.metricGoal === 'MAX' ? 'highest' : 'lowest'} first)` : 'keep no top runs';
  return [
    `Policy: ${rule} and every run behind a registered model version; remove the rest ${policy.purgeAfterDays} days after they end.`,
    `Would remove now: artifacts of ${plan.purge.length} runs, ${plan.filesToFree} files, ${formatBytes(plan.bytesToFree)} (${plan.bytesToFree} bytes)`,
    ...plan.purge.map(line),
    `Kept: ${plan.kept.length} runs`,
    ...plan.kept.map(line),
    ...(plan.later.length ? [`Later (not old enough yet): ${plan.later.length} runs`, ...plan.later.map((run) => `${line(run)} on ${run.purgeAt!.toISOString().slice(0, 10)}`)] : []),
    ...(plan.runsWithoutArtifacts ? [`Runs without artifacts (nothing to keep or remove): ${plan.runsWithoutArtifacts}`] : []),
  ];
}
