'use client';
// Projects (MLflow experiments) of a team, newest first, with a create form.
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { graphqlRequest } from '../graphql-request';

type ProjectRow = { id: string; name: string; description: string | null; createdAt: string; runCount?: number };
type ProjectsData = { team: { id: string; projects: { edges: { node: ProjectRow }[] } } };

const PROJECTS = `query TeamProjects($slug: String!) {
  team(slug: $slug) { id projects(first: 100) { edges { node { id name description createdAt } } } }
}`;

export function ProjectsList({ teamSlug, canWrite }: { teamSlug: string; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const projects = useQuery({
    queryKey: ['projects', teamSlug],
    queryFn: () => graphqlRequest<ProjectsData>(PROJECTS, { slug: teamSlug }),
  });
  const create = useMutation({
    mutationFn: (input: { teamId: string; name: string; description?: string }) =>
      graphqlRequest(`mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id } }`, {
        input,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['projects', teamSlug] }),
  });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const teamId = projects.data?.team.id;
    if (!teamId) return;
    create.mutate(
      { teamId, name: String(form.get('name') ?? ''), description: String(form.get('description') ?? '') || undefined },
      { onSuccess: () => formElement.reset() },
    );
  }

  if (projects.isPending) return <p>Loading…</p>;
  if (projects.isError) return <p className="error">{projects.error.message}</p>;
  const rows = projects.data.team.projects.edges.map((edge) => edge.node);
  return (
    <>
      {canWrite && (
        <form className="inline" onSubmit={onCreate} aria-label="Create project">
          <label>
            Name
            <input name="name" required maxLength={200} />
          </label>
          <label>
            Description
            <input name="description" />
          </label>
          <button type="submit" disabled={create.isPending || !projects.data?.team.id}>
            Create project
          </button>
          {create.isError && <p className="error" role="alert">{create.error.message}</p>}
        </form>
      )}
      {rows.length === 0 ? (
        <p className="muted">No projects yet. Create one, or log runs with the MLflow client.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Project</th>
              <th>Id</th>
              <th>Description</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((project) => (
              <tr key={project.id}>
                <td>
                  <Link href={`/t/${teamSlug}/projects/${project.id}`}>{project.name}</Link>
                </td>
                <td className="muted">{project.id}</td>
                <td>{project.description}</td>
                <td>{new Date(project.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
