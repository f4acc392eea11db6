// A run with the surroundings its page shows (project, author, artifacts, children, registered
// versions, lineage edges, what the reproducibility report needs), in ONE statement: the run
// view's (run-view.ts) with a column per part asked for. The run page's GraphQL query used to
// cost a statement per part (nine round trips); this is what bench/requests.bench.ts measures
// against MLflow. Authorized like getRun: a missing run and another team's run are NOT_FOUND.
import { authorizeRow, readableTeamIds, type Principal } from '../../authz/index.ts';
import { notFound } from '../../errors.ts';
import { ENV_PATTERN, reproducibilityReport, type ReproReport } from '../../lineage/reproducibility-report.ts';
import type { Hop } from '../../lineage/walk-lineage.ts';
import type { ProjectView } from '../projects/project-view.ts';
import { runTopic } from '../../events/topics.ts';
import { singleFlight } from '../../runtime/single-flight.ts';
import { isRunId } from './load-run-for.ts';
import { loadRunViewsWith, type RunView } from './run-view.ts';

/** What can come along with the run. */
export const RUN_PAGE_PARTS = ['project', 'author', 'artifacts', 'childIds', 'versionIds', 'edges', 'reproducibility'] as const;
export type RunPagePart = (typeof RUN_PAGE_PARTS)[number];

export type RunPageArtifact = { runId: string; path: string; size: bigint; sha256: string; contentType: string | null; createdAt: Date };

export type RunPage = {
  run: RunView;
  /** The run's project (whoever may read the run may not read its project: a share link). */
  project?: ProjectView;
  author?: { id: string; email: string; name: string | null; isInstanceAdmin: boolean } | null;
  artifacts?: RunPageArtifact[];
  /** Ids of its nested runs, oldest first (not yet authorized one by one). */
  childIds?: string[];
  /** Its live registered versions among the caller's readable teams, oldest first. */
  versionIds?: string[];
  /** Lineage edges touching the run's node (as the edgesAround loader lists them). */
  edges?: Hop[];
  reproducibility?: ReproReport;
};

type Row = {
  page_project?: [string, string, string, string | null, boolean, string, ProjectView['lifecycleStage'], number | null, string | null, number, number, [string, string][]];
  author_name?: string | null;
  author_is_instance_admin?: boolean | null;
  page_artifacts?: [string, string, string, string | null, number][];
  page_child_ids?: string[];
  page_version_ids?: string[];
  page_edges?: [string, string, string][];
  page_env_files?: string[];
  page_parent_exists?: boolean;
};

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

type Build = { /** Adds a parameter, returns its placeholder. */ param: (value: unknown) => string; readableTeams: () => string[] };

/** Each part's columns (over runs r, projects p, users u). */
const COLUMNS: Record<RunPagePart, (build: Build) => string> = {
  project: () => `json_build_array(p.id::text, p.team_id, p.name, p.description, p.is_default, p.artifact_location, p.lifecycle_stage,
      ${ms('p.deleted_at')}, p.created_by_id, ${ms('p.created_at')}, ${ms('p.updated_at')},
      (SELECT COALESCE(json_agg(json_build_array(t.key, t.value) ORDER BY t.key), '[]') FROM project_tags t WHERE t.project_id = p.id)) AS page_project`,
  author: () => 'u.name AS author_name, u.is_instance_admin AS author_is_instance_admin',
  artifacts: () => `(SELECT COALESCE(json_agg(json_build_array(a.path, a.size::text, a.sha256, a.content_type, ${ms('a.created_at')}) ORDER BY a.path), '[]')
      FROM artifacts a WHERE a.run_id = r.id) AS page_artifacts`,
  childIds: () => `(SELECT COALESCE(json_agg(c.id ORDER BY c.start_time, c.id), '[]') FROM runs c WHERE c.parent_run_id = r.id) AS page_child_ids`,
  versionIds: ({ param, readableTeams }) => `(SELECT COALESCE(json_agg(v.id ORDER BY v.created_at, v.version), '[]')
      FROM model_versions v JOIN registered_models m ON m.id = v.model_id
     WHERE v.run_id = r.id AND v.deleted_at IS NULL AND m.team_id = ANY(${param(readableTeams())}::text[])) AS page_version_ids`,
  // By team first, as lineage_edges' indexes start with it (the edgesAround loader's query).
  edges: () => `(SELECT COALESCE(json_agg(json_build_array(e.from_node, e.to_node, e.kind)), '[]') FROM (
        SELECT from_node, to_node, kind::text FROM lineage_edges WHERE team_id = r.team_id AND from_node = 'run:' || rtrim(r.id)
        UNION ALL
        SELECT from_node, to_node, kind::text FROM lineage_edges WHERE team_id = r.team_id AND to_node = 'run:' || rtrim(r.id)) e) AS page_edges`,
  reproducibility: ({ param }) => `(SELECT COALESCE(json_agg(a.path ORDER BY a.path), '[]') FROM artifacts a WHERE a.run_id = r.id AND a.path ~ ${param(ENV_PATTERN)}::text) AS page_env_files,
      EXISTS (SELECT 1 FROM runs pr WHERE pr.id = r.parent_run_id) AS page_parent_exists`,
};

const date = (millis: number) => new Date(millis);

function toPage(view: RunView, row: Row, parts: ReadonlySet<RunPagePart>): RunPage {
  const page: RunPage = { run: view };
  if (parts.has('project') && row.page_project) {
    const [id, teamId, name, description, isDefault, artifactLocation, lifecycleStage, deletedMs, createdById, createdMs, updatedMs, tags] = row.page_project;
    page.project = {
      id: BigInt(id),
      teamId,
      name,
      description,
      isDefault,
      artifactLocation,
      lifecycleStage,
      deletedAt: deletedMs === null ? null : date(deletedMs),
      createdById,
      createdAt: date(createdMs),
      updatedAt: date(updatedMs),
      tags: tags.map(([key, value]) => ({ key, value })),
    };
  }
  if (parts.has('author')) {
    page.author = view.authorId && view.authorEmail !== null
      ? { id: view.authorId, email: view.authorEmail, name: row.author_name ?? null, isInstanceAdmin: !!row.author_is_instance_admin }
      : null;
  }
  if (parts.has('artifacts')) {
    page.artifacts = (row.page_artifacts ?? []).map(([path, size, sha256, contentType, createdMs]) => ({
      runId: view.id,
      path,
      size: BigInt(size),
      sha256,
      contentType,
      createdAt: date(createdMs),
    }));
  }
  if (parts.has('childIds')) page.childIds = row.page_child_ids ?? [];
  if (parts.has('versionIds')) page.versionIds = row.page_version_ids ?? [];
  if (parts.has('edges')) page.edges = (row.page_edges ?? []).map(([from, to, kind]) => ({ from, to, kind }));
  if (parts.has('reproducibility')) page.reproducibility = reproducibilityReport(view, row.page_env_files ?? [], !!row.page_parent_exists);
  return page;
}

type Found = { view: RunView; row: Row } | undefined;

/**
 * Concurrent loads of one run page (open in several browsers, refetched on a live event) share
 * one statement, unless the run was written since it began (the key starts with the run id).
 */
const sharedLoad = singleFlight<Found>({ writtenAs: (key) => runTopic(key.slice(0, key.indexOf('|'))) });

/** The run and the `parts` of its surroundings asked for, in one statement. */
export async function getRunPage(principal: Principal, input: { runId: string; parts: ReadonlySet<RunPagePart> }): Promise<RunPage> {
  const parts = RUN_PAGE_PARTS.filter((part) => input.parts.has(part));
  // The version ids are those of the caller's readable teams: part of what is loaded.
  const teams = principal.kind === 'system' ? [] : readableTeamIds(principal);
  const load = async (): Promise<Found> => {
    const values: unknown[] = [];
    const build: Build = { param: (value) => `$${values.push(value) + 1}`, readableTeams: () => teams }; // $1 is the run ids
    const columns = parts.map((part) => `,\n       ${COLUMNS[part](build)}`).join('');
    return (await loadRunViewsWith<Row>([input.runId], columns, values))[0];
  };
  const found = isRunId(input.runId) ? await sharedLoad(`${input.runId}|${parts.join(',')}|${parts.includes('versionIds') ? teams.join(',') : ''}`, load) : undefined;
  authorizeRow(principal, 'team:read', found?.view.teamId, 'Run', input.runId);
  if (!found) throw notFound('Run', input.runId); // unreachable: authorizeRow throws for a missing row
  return toPage(found.view, found.row, input.parts);
}
