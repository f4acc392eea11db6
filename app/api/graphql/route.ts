// GraphQL API (Apollo Server 5). Everything lives in graphql/; this file only routes.
import { handleGraphQLRequest } from '@/graphql/server';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return handleGraphQLRequest(request);
}

export function POST(request: Request): Promise<Response> {
  return handleGraphQLRequest(request);
}
