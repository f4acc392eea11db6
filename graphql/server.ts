// The GraphQL server behind /api/graphql: Apollo Server 5, called straight from the Next route
// handler with the body this module already read and parsed (an integration layer would
// rebuild the request and parse the body again, on every request), with graphql-armor's
// limits (depth, cost, aliases, directives, tokens), no batching, no landing page, telemetry
// or cache-control hook (Cairn runs offline and sets no cache hints), and a request-body cap
// enforced before anything is parsed. Protocol problems answer 4xx with GraphQL-shaped errors, never 500.
import fs from 'node:fs';
import path from 'node:path';
import { ApolloServer, HeaderMap } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { readBodyText } from '../lib/http/read-json.ts';
import { isAppError } from '../lib/errors.ts';
import { createContext, type GraphQLContext } from './context.ts';
import { appErrorExtensions, formatError, retryableErrorsPlugin } from './errors.ts';
import { resolvers } from './resolvers/index.ts';

/** Largest request body (and GET query string) accepted, in bytes. */
export const MAX_REQUEST_BYTES = 100_000;

/** graphql-armor limits; exported so tests can build queries just past them. */
export const LIMITS = {
  maxDepth: 10,
  // graphql-armor multiplies a list's cost by its literal `first`: a 1000-run page with
  // params, tags and metrics costs ~70k, while lists nested in lists (projects x runs x
  // children) reach millions.
  maxCost: 100_000,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
} as const;

/** The SDL, read from graphql/schema (the same files codegen reads). */
export function loadTypeDefs(schemaDir = path.join(process.cwd(), 'graphql', 'schema')): string {
  return fs
    .readdirSync(schemaDir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => fs.readFileSync(path.join(schemaDir, name), 'utf8'))
    .join('\n');
}

export function createApolloServer(): ApolloServer<GraphQLContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth },
    costLimit: { maxCost: LIMITS.maxCost },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    // graphql-armor's token limit lexes in a plugin hook, where any error (even a plain
    // syntax error) becomes a 500; graphql-js's own parser limit below fails as a clean
    // GRAPHQL_PARSE_FAILED 400 instead.
    maxTokens: { enabled: false },
    // The schema is public through introspection; suggestions only help people write queries.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return new ApolloServer<GraphQLContext>({
    typeDefs: loadTypeDefs(),
    resolvers,
    introspection: true,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    validationRules: armor.validationRules,
    plugins: [
      ...armor.plugins,
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // Cairn sets no cache hints; the plugin would still run a hook on every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      retryableErrorsPlugin,
    ],
    formatError: (formatted, error) => formatError(formatted, error),
  });
}

const globalKey = Symbol.for('cairn.graphql.server');
const store = globalThis as unknown as { [globalKey]?: ApolloServer<GraphQLContext> };

/** One server per process (and across Next's dev reloads). */
function apolloServer(): ApolloServer<GraphQLContext> {
  let server = store[globalKey];
  if (!server) {
    server = store[globalKey] = createApolloServer();
    server.startInBackgroundHandlingStartupErrorsByLoggingAndFailingAllRequests();
  }
  return server;
}

/** Runs the operation of `request` (its JSON body already parsed, for a POST) through Apollo. */
async function execute(request: Request, body: unknown): Promise<Response> {
  const headers = new HeaderMap();
  request.headers.forEach((value, name) => headers.set(name, value));
  // Apollo accepts exactly this type; the POST path checked it is JSON (+json variants too).
  if (request.method === 'POST') headers.set('content-type', 'application/json');
  const url = request.url;
  const query = url.indexOf('?');
  const result = await apolloServer().executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method, headers, search: query < 0 ? '' : url.slice(query), body },
    context: () => createContext(request),
  });
  const responseHeaders = new Headers();
  for (const [name, value] of result.headers) responseHeaders.set(name, value);
  const status = result.status ?? 200;
  if (result.body.kind === 'complete') return new Response(result.body.string, { status, headers: responseHeaders });
  const chunks = result.body.asyncIterator;
  return new Response(
    new ReadableStream<string>({
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
    }).pipeThrough(new TextEncoderStream()),
    { status, headers: responseHeaders },
  );
}

function errorResponse(status: number, message: string, extensions: Record<string, unknown>): Response {
  return Response.json({ errors: [{ message, extensions }] }, { status });
}

const jsonContentType = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;

/**
 * Handles GET and POST /api/graphql. The body is read here, capped and parsed, so an
 * oversized or malformed request gets a clean 413/400 instead of the integration's 500;
 * the validated JSON is then handed to Apollo.
 */
export async function handleGraphQLRequest(request: Request): Promise<Response> {
  if (request.method !== 'POST') {
    if (request.url.length > MAX_REQUEST_BYTES) {
      return errorResponse(413, `Request exceeds ${MAX_REQUEST_BYTES} bytes`, { code: 'PAYLOAD_TOO_LARGE' });
    }
    return execute(request, undefined);
  }
  // Only JSON: a form or text/plain POST is a "simple" cross-site request a browser sends
  // with the session cookie and without a CORS preflight.
  const contentType = request.headers.get('content-type') ?? '';
  if (!jsonContentType.test(contentType)) {
    return errorResponse(415, 'POST requests must have Content-Type: application/json', { code: 'BAD_REQUEST' });
  }
  let text: string;
  try {
    text = await readBodyText(request, { maxBytes: MAX_REQUEST_BYTES });
  } catch (error) {
    if (isAppError(error)) {
      const status = error.code === 'PAYLOAD_TOO_LARGE' ? 413 : 400;
      return errorResponse(status, error.message, appErrorExtensions(error));
    }
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return errorResponse(400, 'Malformed JSON in request body', { code: 'BAD_USER_INPUT' });
  }
  if (Array.isArray(body)) {
    return errorResponse(400, 'Batched requests are not supported: send one operation per request', { code: 'BAD_REQUEST' });
  }
  if (body === null || typeof body !== 'object') {
    return errorResponse(400, 'Request body must be a JSON object with a "query"', { code: 'BAD_REQUEST' });
  }
  return execute(request, body);
}
