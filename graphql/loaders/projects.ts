// Projects by id (for Run.project and similar), limited to the caller's readable teams.
import DataLoader from 'dataloader';
import { readableTeamIds, type Principal } from '../../lib/authz/index.ts';
import { db } from '../../lib/db/client.ts';
import { loadProjectActivity, type ProjectActivity } from '../../lib/tracking/projects/project-activity.ts';
import { projectViewInclude, toProjectView, type ProjectView } from '../../lib/tracking/projects/project-view.ts';
import { oneByKey } from './batch.ts';

/** Whether the caller may read `project` (the filter createProjectLoader's query applies). */
export function projectReadable(principal: Principal, project: Pick<ProjectView, 'teamId'>): boolean {
  return readableTeamIds(principal).includes(project.teamId);
}

export function createProjectLoader(principal: Principal) {
  return new DataLoader<bigint, ProjectView | null, string>(
    async (ids) => {
      const rows = await db.project.findMany({
        where: { id: { in: [...ids] }, teamId: { in: readableTeamIds(principal) } },
        include: projectViewInclude,
      });
      return oneByKey(ids.map(String), rows.map(toProjectView), (row) => String(row.id));
    },
    { cacheKeyFn: (id) => String(id) },
  );
}

/** Run count, last activity and contributors of a page of projects, in one query. */
export function createProjectActivityLoader(principal: Principal) {
  return new DataLoader<string, ProjectActivity | null>(async (ids) =>
    oneByKey(ids, await loadProjectActivity(ids, readableTeamIds(principal)), (row) => row.projectId),
  );
}
