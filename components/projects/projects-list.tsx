'use client';
// A team's projects, the place a newcomer starts (pressure test 10: see all past work): each
// project with its run count, last activity and the people who logged its runs, the most
// recently active first, and a search across names, descriptions, tags and run names.
import Link from 'next/link';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { graphqlRequest } from '../graphql-request';
import { formatRelative } from '../runs/format';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { SkeletonRows } from '../ui/skeleton';

type Person = { id: string; name: string | null; email: string };
type ProjectRow = {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
  runCount: number;
  lastActivityAt: string | null;
  createdBy: Person | null;
  contributors: Person[];
};
type ProjectsData = { team: { id: string; name: string; projects: { edges: { node: ProjectRow }[]; pageInfo: { hasNextPage: boolean } } } };

const PROJECTS = `query TeamProjects($slug: String!, $search: String) {
  team(slug: $slug) {
    id name
    projects(first: 200, search: $search) {
      edges { node { id name description createdAt runCount lastActivityAt createdBy { id name email } contributors { id name email } } }
      pageInfo { hasNextPage }
    }
  }
}`;

const personName = (person: Person) => person.name ?? person.email;

function Owners({ project }: { project: ProjectRow }) {
  const people = [...(project.createdBy ? [project.createdBy] : []), ...project.contributors.filter((person) => person.id !== project.createdBy?.id)];
  if (people.length === 0) return <span className="muted">–</span>;
  return (
    <span title={people.map(personName).join(', ')} style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
      {people.slice(0, 3).map((person) => (
        <span key={person.id} className="badge">
          {personName(person)}
        </span>
      ))}
      {people.length > 3 && <span className="muted small-text">+{people.length - 3}</span>}
    </span>
  );
}

export function ProjectsList({ teamSlug, canWrite }: { teamSlug: string; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  // Search as you type, once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(draft.trim()), 250);
    return () => clearTimeout(timer);
  }, [draft]);
  const projects = useQuery({
    queryKey: ['projects', teamSlug, search],
    queryFn: () => graphqlRequest<ProjectsData>(PROJECTS, { slug: teamSlug, search: search || null }),
    placeholderData: keepPreviousData,
  });
  const create = useMutation({
    mutationFn: (input: { teamId: string; name: string; description?: string }) =>
      graphqlRequest(`mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id } }`, { input }),
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
      {
        onSuccess: () => {
          formElement.reset();
          setCreating(false);
        },
      },
    );
  }

  const rows = [...(projects.data?.team.projects.edges.map((edge) => edge.node) ?? [])].sort(
    (a, b) => (b.lastActivityAt ? Date.parse(b.lastActivityAt) : 0) - (a.lastActivityAt ? Date.parse(a.lastActivityAt) : 0) || Number(b.id) - Number(a.id),
  );
  const totalRuns = rows.reduce((sum, project) => sum + project.runCount, 0);

  return (
    <>
      <PageHeader
        title="Projects"
        meta={
          projects.data && (
            <>
              <span>{projects.data.team.name}</span>
              <span>
                {rows.length} {rows.length === 1 ? 'project' : 'projects'}
                {search ? ' found' : ''} · {totalRuns} runs
              </span>
            </>
          )
        }
        actions={
          canWrite && (
            <button onClick={() => setCreating(!creating)} aria-expanded={creating}>
              New project
            </button>
          )
        }
      />
      {creating && (
        <form className="inline panel" style={{ padding: 12 }} onSubmit={onCreate} aria-label="Create project">
          <label>
            Name
            <input name="name" required maxLength={200} autoFocus />
          </label>
          <label style={{ flex: 1 }}>
            Description
            <input name="description" />
          </label>
          <button type="submit" disabled={create.isPending || !projects.data?.team.id}>
            Create project
          </button>
          <button type="button" className="ghost" onClick={() => setCreating(false)}>
            Cancel
          </button>
          {create.isError && (
            <p className="error" role="alert" style={{ width: '100%', margin: 0 }}>
              {create.error.message}
            </p>
          )}
        </form>
      )}
      <div className="toolbar" role="search">
        <input
          className="grow"
          type="search"
          aria-label="Search projects"
          placeholder="Search projects: names, descriptions, tags and run names"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          style={{ maxWidth: 520 }}
        />
      </div>
      {projects.isError ? (
        <p className="error" role="alert">
          {projects.error.message}
        </p>
      ) : !projects.data ? (
        <SkeletonRows rows={6} label="Loading projects" />
      ) : rows.length === 0 ? (
        search ? (
          <EmptyState title={`No project matches “${search}”`}>Try fewer words, or part of a run name.</EmptyState>
        ) : (
          <EmptyState
            title="No projects yet"
            action={canWrite && <button onClick={() => setCreating(true)}>New project</button>}
            code={`export MLFLOW_TRACKING_URI=${typeof window === 'undefined' ? 'http://localhost:3000' : window.location.origin}
export MLFLOW_TRACKING_TOKEN=<a token from Team settings → API tokens>
python train.py   # mlflow.set_experiment("my-project") creates the project`}
          >
            Create one here, or log runs with the MLflow client: each MLflow experiment becomes a project.
          </EmptyState>
        )
      ) : (
        <table aria-label="Projects" data-testid="projects-table">
          <thead>
            <tr>
              <th>Project</th>
              <th className="num">Runs</th>
              <th>Last activity</th>
              <th>Owners</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((project) => (
              <tr key={project.id} style={{ height: project.description ? 52 : undefined }}>
                <td>
                  <Link href={`/t/${teamSlug}/projects/${project.id}`} style={{ fontWeight: 500 }}>
                    {project.name}
                  </Link>
                  {project.description && <div className="muted small-text">{project.description}</div>}
                </td>
                <td className="num">{project.runCount}</td>
                <td title={project.lastActivityAt ? new Date(project.lastActivityAt).toLocaleString() : undefined}>
                  {project.lastActivityAt ? formatRelative(project.lastActivityAt) : <span className="muted">no runs yet</span>}
                </td>
                <td>
                  <Owners project={project} />
                </td>
                <td className="muted">{new Date(project.createdAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {projects.data?.team.projects.pageInfo.hasNextPage && <p className="muted small-text">Showing the 200 newest projects; search to find older ones.</p>}
    </>
  );
}
