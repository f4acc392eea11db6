// The GraphQL schema as SDL, at a stable URL (graphql/sdl.ts).
import { handleGraphQLSdlRequest } from '@/graphql/sdl.ts';

export const dynamic = 'force-dynamic';

export const GET = handleGraphQLSdlRequest;
