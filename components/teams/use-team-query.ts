'use client';
// A settings panel's data: one GraphQL query keyed by the team, and a refresh that the
// panel's mutations call when they settle.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql-request';

export function useTeamQuery<T>(name: string, document: string, teamSlug: string) {
  const queryClient = useQueryClient();
  const queryKey = [name, teamSlug];
  const query = useQuery({ queryKey, queryFn: () => graphqlRequest<T>(document, { slug: teamSlug }) });
  const refresh = () => queryClient.invalidateQueries({ queryKey });
  return [query, refresh] as const;
}
