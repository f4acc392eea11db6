// The browser's GraphQL client: a POST to /api/graphql with the session cookie, or, on a
// share link's page, with the link's secret in X-Cairn-Share (which then decides alone).
// Errors keep their stable code so pages can show the right message.

let shareSecret: string | null = null;

/** Set by a share page (components/sharing/share-scope.tsx) for every request of the tab. */
export function setShareSecret(secret: string | null): void {
  shareSecret = secret;
}

export function currentShareSecret(): string | null {
  return shareSecret;
}

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
    headers: { 'content-type': 'application/json', ...(shareSecret ? { 'x-cairn-share': shareSecret } : {}) },
    credentials: 'same-origin',
    body: JSON.stringify({ query, variables }),
  });
  return readGraphQLResponse<T>(response);
}

/** The data of a /api/graphql response, or its first error as a GraphQLRequestError. */
export async function readGraphQLResponse<T>(response: Response): Promise<T> {
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
