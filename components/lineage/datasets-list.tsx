'use client';
// The team's datasets, one row per name or location, with how many digests were seen.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { graphqlRequest } from '../graphql-request';
import { ErrorMessage } from '../runs/error-message';

type Row = { id: string; name: string; digest: string; location: string | null; sourceType: string; createdAt: string | null };
type Data = { team: { datasets: { edges: { node: Row }[]; pageInfo: { hasNextPage: boolean } } } };

const QUERY = `query Datasets($slug: String!, $search: String) {
  team(slug: $slug) { datasets(first: 1000, search: $search) { edges { node { id name digest location sourceType createdAt } } pageInfo { hasNextPage } } }
}`;

export function DatasetsList({ teamSlug }: { teamSlug: string }) {
  const [search, setSearch] = useState('');
  const result = useQuery({ queryKey: ['datasets', teamSlug, search], queryFn: () => graphqlRequest<Data>(QUERY, { slug: teamSlug, search: search || null }) });
  const groups = new Map<string, Row[]>();
  for (const { node } of result.data?.team.datasets.edges ?? []) {
    const list = groups.get(node.name);
    if (list) list.push(node);
    else groups.set(node.name, [node]);
  }
  return (
    <>
      <form className="inline" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search names and locations
          <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="transactions, s3://lake/..." />
        </label>
      </form>
      {result.isError && <ErrorMessage>{result.error.message}</ErrorMessage>}
      {result.isPending ? (
        <p>Loading…</p>
      ) : groups.size === 0 ? (
        <p className="muted">No datasets yet: log them with mlflow.log_input, or let your data tools report them (OpenLineage).</p>
      ) : (
        <table aria-label="Datasets">
          <thead>
            <tr>
              <th>Name</th>
              <th>Latest digest</th>
              <th>Digests</th>
              <th>Location</th>
            </tr>
          </thead>
          <tbody>
            {[...groups].map(([name, rows]) => (
              <tr key={name}>
                <td>
                  <Link href={`/t/${teamSlug}/datasets/${rows[0].id}`}>{name}</Link>
                </td>
                <td>
                  <code>{rows[0].digest || 'any version'}</code>
                </td>
                <td>{rows.length}</td>
                <td className="muted" style={{ wordBreak: 'break-all' }}>
                  {rows[0].location ?? rows[0].sourceType}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
