// Remove for good what was deleted longer ago than the grace period, as MLflow's `gc` does
// but on a schedule: a deleted project (with its runs) or a deleted run goes with its
// metadata, and its artifact bytes are queued for removal in the same transaction. A run
// behind a registered model version stays, whatever its state, and so does the deleted
// project holding it (its other runs go). Until then, deleted things can be restored.
import { system } from '../authz/index.ts';
import { recordAuditEventSql } from '../audit/record-audit-event.ts';
import { query, withTransaction } from '../db/sql.ts';
import { registeredVersionArtifacts } from '../retention/registered-version-artifacts.ts';
import { lockArtifactBytesShared } from '../tracking/artifacts/artifact-location.ts';
import { deleteRunPoints } from '../tracking/run-data/delete-run-points.ts';
import { enqueueArtifactPurges } from './enqueue-artifact-purge.ts';

export type PurgedProject = { projectId: string; teamId: string; name: string; runs: number; bytes: number };
export type PurgedRun = { runId: string; projectId: string; teamId: string; name: string; bytes: number };
export type KeptRun = { runId: string; projectId: string; name: string; versions: string[] };

export type DeletedPurgeReport = { projects: PurgedProject[]; runs: PurgedRun[]; kept: KeptRun[] };

type ProjectRow = { id: string; team_id: string; name: string; runs: string; bytes: string; registered_runs: string[] | null };
type RunRow = { id: string; project_id: string; team_id: string; name: string; bytes: string };

const BATCH = 100;

/** Deleted projects past the cutoff, with their runs' artifact bytes. */
function dueProjects(cutoff: Date, ids?: string[]) {
  return query<Omit<ProjectRow, 'registered_runs'>>(
    `SELECT p.id::text, p.team_id, p.name,
            (SELECT count(*) FROM runs r WHERE r.project_id = p.id) AS runs,
            (SELECT coalesce(sum(a.size), 0) FROM artifacts a JOIN runs r ON r.id = a.run_id WHERE r.project_id = p.id) AS bytes
       FROM projects p
      WHERE p.lifecycle_stage = 'DELETED' AND p.deleted_at < $1::timestamptz AT TIME ZONE 'UTC'
        AND ($2::bigint[] IS NULL OR p.id = ANY($2::bigint[]))
      ORDER BY p.id`,
    [cutoff.toISOString(), ids ?? null],
  );
}

/** Deleted runs past the cutoff (in projects that are not themselves being purged whole). */
function dueRuns(cutoff: Date, ids?: string[]) {
  return query<RunRow>(
    `SELECT r.id, r.project_id::text, r.team_id, r.name,
            (SELECT coalesce(sum(a.size), 0) FROM artifacts a WHERE a.run_id = r.id) AS bytes
       FROM runs r
      WHERE r.lifecycle_stage = 'DELETED' AND r.deleted_at < $1::timestamptz AT TIME ZONE 'UTC'
        AND ($2::text[] IS NULL OR r.id = ANY($2::text[]))
      ORDER BY r.id`,
    [cutoff.toISOString(), ids ?? null],
  );
}

export async function purgeDeleted(options: { cutoff: Date; now: Date; dryRun: boolean }): Promise<DeletedPurgeReport> {
  const report: DeletedPurgeReport = { projects: [], runs: [], kept: [] };
  const { cutoff, now, dryRun } = options;

  // 1. Whole projects, unless a run of theirs backs a registered version.
  for (const project of await dueProjects(cutoff)) {
    const done = await withTransaction(async (client) => {
      // The project row locked first: a restore racing this purge waits, then finds it gone.
      const locked = await client.query(`SELECT id FROM projects WHERE id = $1 AND lifecycle_stage = 'DELETED' FOR UPDATE`, [project.id]);
      if (locked.rowCount === 0) return false;
      const { rows: runs } = await client.query<{ id: string }>(`SELECT id FROM runs WHERE project_id = $1 FOR UPDATE`, [project.id]);
      if ((await registeredVersionArtifacts(client, runs.map((r) => r.id))).length > 0) return false;
      if (dryRun) return true;
      await lockArtifactBytesShared(client);
      await deleteRunPoints(client, runs.map((r) => r.id));
      await client.query('DELETE FROM projects WHERE id = $1', [project.id]);
      await enqueueArtifactPurges(client, [{ keyPrefix: project.id, reason: 'project.purge', teamId: project.team_id, bytes: project.bytes, notBefore: now }]);
      await recordAuditEventSql(client, {
        principal: system,
        teamId: project.team_id,
        action: 'project.purge',
        targetType: 'Project',
        targetId: project.id,
        metadata: { via: 'gc', name: project.name, runs: Number(project.runs), bytes: Number(project.bytes) },
        ip: null,
      });
      return true;
    });
    if (done) report.projects.push({ projectId: project.id, teamId: project.team_id, name: project.name, runs: Number(project.runs), bytes: Number(project.bytes) });
  }
  const purgedProjects = new Set(report.projects.map((p) => p.projectId));

  // 2. Runs, in batches (a dry run leaves purged projects' runs in place: skip them).
  const runs = (await dueRuns(cutoff)).filter((run) => !purgedProjects.has(run.project_id));
  for (let i = 0; i < runs.length; i += BATCH) {
    const batch = runs.slice(i, i + BATCH);
    const purged = await withTransaction(async (client) => {
      // Locking the rows makes a concurrent restore wait, and a model version registered
      // concurrently (its insert takes a key-share lock on the run) either commits before the
      // check below or waits until the run is gone.
      const { rows: locked } = await client.query<{ id: string }>(
        `SELECT id FROM runs WHERE id = ANY($1::text[]) AND lifecycle_stage = 'DELETED' AND deleted_at < $2::timestamptz AT TIME ZONE 'UTC' FOR UPDATE`,
        [batch.map((r) => r.id), cutoff.toISOString()],
      );
      const registered = await registeredVersionArtifacts(client, locked.map((r) => r.id));
      const keptIds = new Set(registered.map((entry) => entry.runId));
      for (const run of batch.filter((r) => keptIds.has(r.id))) {
        report.kept.push({ runId: run.id, projectId: run.project_id, name: run.name, versions: [...new Set(registered.filter((e) => e.runId === run.id).map((e) => e.version))] });
      }
      const lockedIds = new Set(locked.map((r) => r.id));
      const going = batch.filter((r) => lockedIds.has(r.id) && !keptIds.has(r.id));
      if (going.length === 0 || dryRun) return going;
      await lockArtifactBytesShared(client);
      await deleteRunPoints(client, going.map((r) => r.id));
      await client.query('DELETE FROM runs WHERE id = ANY($1::text[])', [going.map((r) => r.id)]);
      await enqueueArtifactPurges(
        client,
        going.map((run) => ({ keyPrefix: `${run.project_id}/${run.id}`, reason: 'run.purge', teamId: run.team_id, bytes: run.bytes, notBefore: now })),
      );
      for (const run of going) {
        await recordAuditEventSql(client, {
          principal: system,
          teamId: run.team_id,
          action: 'run.purge',
          targetType: 'Run',
          targetId: run.id,
          metadata: { via: 'gc', name: run.name, projectId: run.project_id, bytes: Number(run.bytes) },
          ip: null,
        });
      }
      return going;
    });
    report.runs.push(...purged.map((run) => ({ runId: run.id, projectId: run.project_id, teamId: run.team_id, name: run.name, bytes: Number(run.bytes) })));
  }
  return report;
}
