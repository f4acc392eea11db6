// GET /api/graphql/schema.graphql: the GraphQL API's schema (SDL), for code generators and
// people writing queries, at a stable URL. Public: it describes the API, not anyone's data.
import { buildSchema, printSchema } from 'graphql';
import { loadTypeDefs } from './server.ts';

let printed: string | undefined;

export function handleGraphQLSdlRequest(): Response {
  printed ??= printSchema(buildSchema(loadTypeDefs()));
  return new Response(printed, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' } });
}
