// A tiny GraphQL client over the test app (tests/helpers/app.ts): POSTs to /api/graphql
// with a session cookie or a Bearer token, and reads back data, errors and the first code.
import type { TestApp } from '../helpers/app.ts';

export type Credentials = { cookie?: string; token?: string } | null;

export type GraphQLResult<T = Record<string, unknown>> = {
  status: number;
  data: T | null | undefined;
  errors: { message: string; path?: string[]; extensions?: { code?: string; [key: string]: unknown } }[] | undefined;
  /** The first error's extensions.code, or 'OK' when there is no error. */
  code: string;
};

export function authHeaders(credentials: Credentials | undefined): Record<string, string> {
  if (!credentials) return {};
  if (credentials.token) return { authorization: `Bearer ${credentials.token}` };
  if (credentials.cookie) return { cookie: credentials.cookie };
  return {};
}

export async function gql<T = Record<string, unknown>>(
  app: TestApp,
  query: string,
  variables: Record<string, unknown> = {},
  credentials?: Credentials,
): Promise<GraphQLResult<T>> {
  const response = await app.fetch('/api/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(credentials) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: T | null; errors?: GraphQLResult['errors'] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`/api/graphql answered ${response.status} with a body that is not JSON: ${text.slice(0, 500)}`);
  }
  return { status: response.status, data: body.data, errors: body.errors, code: body.errors?.[0]?.extensions?.code ?? 'OK' };
}

/** The data of a result that must have no errors (fails the test with the errors otherwise). */
export function ok<T>(result: GraphQLResult<T>): T {
  if (result.errors?.length) throw new Error(`Unexpected GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

/**
 * GraphQL through the handler in this process (whatever CAIRN_TEST_TARGET says), for tests
 * that count the SQL queries a request sends through the shared pool (countQueries).
 */
export async function gqlInProcess(query: string, variables: Record<string, unknown> = {}, cookie = '') {
  const { handleGraphQLRequest } = await import('../../graphql/server.ts');
  const response = await handleGraphQLRequest(
    new Request('http://localhost:3000/api/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query, variables }),
    }),
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const body = (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  return { ...body, code: body.errors?.[0]?.extensions?.code ?? 'OK' };
}
