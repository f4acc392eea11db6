'use client';
// Team settings: what each project stores and its retention policy, with a link to set it.
import Link from 'next/link';
import { formatBytes } from '@/lib/storage/format-bytes';
import { useTeamQuery } from '../teams/use-team-query';
import { describePolicy } from './retention-settings';

type ProjectStorage = {
  id: string;
  name: string;
  artifactStorage: { bytes: string; files: number; runsWithArtifacts: number };
  retentionPolicy: { keepTopN: number; metricKey: string | null; metricGoal: 'MAX' | 'MIN'; purgeAfterDays: number; enabled: boolean } | null;
};
type StorageData = { team: { projects: { edges: { node: ProjectStorage }[] } } };

const STORAGE = `query TeamStorage($slug: String!) {
  team(slug: $slug) { projects(first: 200) { edges { node { id name artifactStorage { bytes files runsWithArtifacts } retentionPolicy { keepTopN metricKey metricGoal purgeAfterDays enabled } } } } }
}`;

export function StoragePanel({ teamSlug }: { teamSlug: string }) {
  const [storage] = useTeamQuery<StorageData>('team-storage', STORAGE, teamSlug);
  const projects = (storage.data?.team.projects.edges ?? []).map((edge) => edge.node).sort((a, b) => Number(b.artifactStorage.bytes) - Number(a.artifactStorage.bytes));
  const total = projects.reduce((sum, project) => sum + Number(project.artifactStorage.bytes), 0);
  return (
    <section>
      <h2>Storage and retention</h2>
      {storage.isError && <p className="error">{storage.error.message}</p>}
      <p className="muted">
        Artifacts take {formatBytes(total)}. Deleted runs and projects can be restored for a grace period, after which the server removes
        them and their files; a retention policy removes the artifacts of runs that are neither among a project&apos;s best nor behind a
        registered model version.
      </p>
      <table>
        <thead>
          <tr>
            <th>Project</th>
            <th>Artifacts</th>
            <th>Retention</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {projects.map((project) => (
            <tr key={project.id}>
              <td>
                <Link href={`/t/${teamSlug}/projects/${project.id}`}>{project.name}</Link>
              </td>
              <td>
                {formatBytes(project.artifactStorage.bytes)} <span className="muted">({project.artifactStorage.runsWithArtifacts} runs)</span>
              </td>
              <td className="muted">
                {project.retentionPolicy ? `${project.retentionPolicy.enabled ? '' : '(disabled) '}${describePolicy(project.retentionPolicy)}` : 'Keeps everything'}
              </td>
              <td>
                <Link href={`/t/${teamSlug}/projects/${project.id}/settings`}>Settings</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
