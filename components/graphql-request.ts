// The browser's GraphQL client: a POST to /api/graphql with the session cookie.
// Errors keep their stable code so pages can show the right message.

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export async function graphqlRequest<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/api/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ query, variables }),
  });
  const payload = (await response.json().catch(() => null)) as {
    data?: T;
    errors?: { message: string; extensions?: { code?: string } }[];
  } | null;
  if (!payload) throw new GraphQLRequestError(`Request failed (${response.status})`, 'INTERNAL_SERVER_ERROR');
  if (payload.errors?.length) {
    const [first] = payload.errors;
    throw new GraphQLRequestError(first.message, first.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  }
  return payload.data as T;
}
