// One run with its data (GraphQL), and the rule for reading one run: deleted runs are readable,
// as in MLflow; a missing run and another team's run are both NOT_FOUND.
import { authorizeRow, type Principal } from '../../authz/index.ts';
import { queryPrepared } from '../../db/sql.ts';
import { notFound } from '../../errors.ts';
import { runTopic } from '../../events/topics.ts';
import { singleFlight } from '../../runtime/single-flight.ts';
import { isRunId } from './load-run-for.ts';
import { loadRunViews, type RunView } from './run-view.ts';

/** Concurrent reads of one run (its live page open in several browsers) share one load, unless the run was written since it began. */
const sharedLoad = singleFlight<RunView | undefined>({ writtenAs: runTopic });

/**
 * One statement: the run's view is read, then authorized on its team like loadRunFor would
 * (a missing run and another team's run are both NOT_FOUND), and only then returned.
 */
export async function getRun(principal: Principal, input: { runId: string }): Promise<RunView> {
  const view = isRunId(input.runId) ? await sharedLoad(input.runId, async () => (await loadRunViews([input.runId]))[0]) : undefined;
  authorizeRow(principal, 'team:read', view?.teamId, 'Run', input.runId);
  if (!view) throw notFound('Run', input.runId); // unreachable: authorizeRow throws for a missing row
  return view;
}

// A run's team never changes and its id (random, 128 bits) is never reused, so a team read
// once is remembered: runs/get then costs one statement (its JSON), as it did when it read
// the run view and authorized that. Misses are not remembered. The oldest entry goes first.
const MAX_REMEMBERED_TEAMS = 50_000;
const teamOfRun = new Map<string, string>();
/** Concurrent first reads of one run's team share one statement. */
const sharedTeamOf = singleFlight<string | undefined>();

async function readTeamOf(runId: string): Promise<string | undefined> {
  const known = teamOfRun.get(runId);
  if (known) return known;
  const teamId = await sharedTeamOf(runId, async () => (await queryPrepared<{ teamId: string }>('SELECT team_id AS "teamId" FROM runs WHERE id = $1', [runId]))[0]?.teamId);
  if (teamId) {
    if (teamOfRun.size >= MAX_REMEMBERED_TEAMS) teamOfRun.delete(teamOfRun.keys().next().value!);
    teamOfRun.set(runId, teamId);
  }
  return teamId;
}

/**
 * Authorizes reading the run `runId` as getRun does (a missing run and another team's run
 * are both NOT_FOUND; deleted runs are readable) from its team alone, for callers that then
 * read the run their own way (runs/get: its MLflow JSON, written by PostgreSQL). A purged
 * run may still pass here: the caller's read then finds nothing, and answers NOT_FOUND.
 */
export async function authorizeRunRead(principal: Principal, runId: string): Promise<void> {
  const teamId = isRunId(runId) ? await readTeamOf(runId) : undefined;
  authorizeRow(principal, 'team:read', teamId, 'Run', runId);
}
