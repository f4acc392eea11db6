'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { graphqlRequest } from '../graphql-request';

export function CreateTeamForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (name: string) =>
      graphqlRequest<{ createTeam: { slug: string } }>(
        `mutation CreateTeam($input: CreateTeamInput!) { createTeam(input: $input) { id slug } }`,
        { input: { name } },
      ),
    onSuccess: async (data) => {
      await queryClient.invalidateQueries({ queryKey: ['viewer'] });
      router.push(`/t/${data.createTeam.slug}/projects`);
    },
  });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(String(new FormData(event.currentTarget).get('name') ?? ''));
  }
  return (
    <form className="stack" onSubmit={onSubmit}>
      <label>
        Team name
        <input name="name" required maxLength={100} />
      </label>
      {create.isError && <p className="error" role="alert">{create.error.message}</p>}
      <button type="submit" disabled={create.isPending}>
        Create team
      </button>
    </form>
  );
}
