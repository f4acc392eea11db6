// A user, a team and a project to bench the real use cases with (not raw SQL).
import type { UserPrincipal } from '../../lib/authz/index.ts';
import { db } from '../../lib/db/client.ts';
import { loadUserPrincipal } from '../../lib/identity/load-user-principal.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { createRun } from '../../lib/tracking/runs/create-run.ts';

export type BenchWorld = {
  principal: UserPrincipal;
  teamId: string;
  projectId: bigint;
  newRun(name?: string): Promise<string>;
};

export async function createBenchWorld(): Promise<BenchWorld> {
  const user = await db.user.create({ data: { email: `bench-${Date.now()}@example.test`, name: 'bench' } });
  const team = await db.team.create({ data: { slug: `bench-${Date.now()}`, name: 'Bench' } });
  await db.membership.create({ data: { teamId: team.id, userId: user.id, role: 'OWNER' } });
  const principal = (await loadUserPrincipal(user.id))!;
  const project = await createProject(principal, { teamId: team.id, name: 'bench' });
  return {
    principal,
    teamId: team.id,
    projectId: project.id,
    newRun: async (name) => (await createRun(principal, { projectId: project.id, runName: name ?? null, startTime: Date.now() })).id,
  };
}
