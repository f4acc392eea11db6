// The HTTP edge of /api/graphql: limits, malformed and oversized requests, CSRF, no landing
// page. Every refusal is a 4xx with GraphQL-shaped errors and a stable code, never a 500.
import { describe, expect, it } from 'vitest';
import { LIMITS, MAX_REQUEST_BYTES } from '../../graphql/server.ts';
import { setupTestApp } from '../helpers/app.ts';
import { gql } from './client.ts';

const app = setupTestApp();

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await app.fetch('/api/graphql', { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const codeOf = (json: { errors?: { extensions?: { code?: string } }[] }) => json.errors?.[0]?.extensions?.code;
const query = (text: string) => JSON.stringify({ query: text });

describe('GraphQL over HTTP', () => {
  it('answers introspection (the schema is public) and anonymous viewer with UNAUTHENTICATED', async () => {
    const introspection = await gql<{ __schema: { queryType: { name: string } } }>(app, '{ __schema { queryType { name } } }');
    expect(introspection.data?.__schema.queryType.name).toBe('Query');
    const viewer = await gql(app, '{ viewer { id } }');
    expect(viewer.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a presented but invalid token for the whole request with 401', async () => {
    const result = await gql(app, '{ __typename }', {}, { token: 'cairn_not_a_real_token' });
    expect(result.status).toBe(401);
    expect(result.code).toBe('UNAUTHENTICATED');
    expect(result.data ?? null).toBeNull();
  });

  it('answers malformed JSON with 400 BAD_USER_INPUT', async () => {
    const { status, json } = await post('{"query": "{ viewer { id } }"');
    expect(status).toBe(400);
    expect(codeOf(json)).toBe('BAD_USER_INPUT');
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE before parsing it', async () => {
    const { status, json } = await post(query(`{ __typename } # ${'x'.repeat(MAX_REQUEST_BYTES)}`));
    expect(status).toBe(413);
    expect(codeOf(json)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses non-JSON POSTs (CSRF-safe) and batches', async () => {
    const plain = await post(query('{ __typename }'), { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(codeOf(plain.json)).toBe('BAD_REQUEST');
    const batch = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(batch.status).toBe(400);
    expect(codeOf(batch.json)).toBe('BAD_REQUEST');
    const notObject = await post('"just a string"');
    expect(notObject.status).toBe(400);
  });

  it('answers a syntax error with 400 GRAPHQL_PARSE_FAILED and an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    const syntax = await post(query('{ viewer { '));
    expect(syntax.status).toBe(400);
    expect(codeOf(syntax.json)).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await post(query('{ nope }'));
    expect(unknown.status).toBe(400);
    expect(codeOf(unknown.json)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers bad variables with 400 BAD_USER_INPUT', async () => {
    const { status, json } = await post(JSON.stringify({ query: 'query($id: ID!) { project(id: $id) { id } }', variables: { id: { nested: true } } }));
    expect(status).toBe(400);
    expect(codeOf(json)).toBe('BAD_USER_INPUT');
  });

  it(`rejects queries deeper than ${LIMITS.maxDepth}`, async () => {
    // viewer > teams > team > projects > edges > node > team > projects > edges > node > team > id: depth 12
    const deep = '{ viewer { teams { team { projects { edges { node { team { projects { edges { node { team { id } } } } } } } } } } } }';
    const { status, json } = await post(query(deep));
    expect(status).toBe(400);
    expect(json.errors?.[0].message).toMatch(/depth limit/i);
    const shallow = await post(query('{ viewer { teams { team { projects { edges { node { id } } } } } } }'));
    expect(shallow.status).toBe(200); // depth 7: passes the limit (then UNAUTHENTICATED: anonymous)
  });

  it('rejects too many aliases, directives and tokens, and too costly queries', async () => {
    const aliases = `{ ${Array.from({ length: LIMITS.maxAliases + 5 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
    const aliasResult = await post(query(aliases));
    expect(aliasResult.status).toBe(400);
    expect(aliasResult.json.errors?.[0].message).toMatch(/aliases limit/i);

    const directives = `{ __typename ${'@include(if: true) '.repeat(LIMITS.maxDirectives + 5)}}`;
    const directiveResult = await post(query(directives));
    expect(directiveResult.status).toBe(400);
    expect(directiveResult.json.errors?.[0].message).toMatch(/directives limit/i);

    const tokens = `{ ${'__typename '.repeat(LIMITS.maxTokens + 10)}}`;
    const tokenResult = await post(query(tokens));
    expect(tokenResult.status).toBe(400);
    expect(codeOf(tokenResult.json)).toBe('GRAPHQL_PARSE_FAILED');

    // Lists nested in lists: graphql-armor multiplies each level's cost by its `first`.
    const costly = '{ viewer { teams { team { projects(first: 500) { edges { node { team { projects(first: 500) { edges { cursor } } } } } } } } } }';
    const costResult = await post(query(costly));
    expect(costResult.status).toBe(400);
    expect(costResult.json.errors?.[0].message).toMatch(/cost limit/i);
  });

  it('serves GET queries only with a CSRF preflight header, and never a landing page', async () => {
    const url = `/api/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const withHeader = await app.fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(withHeader.status).toBe(200);
    expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
    const simple = await app.fetch(url);
    expect(simple.status).toBe(400);
    const browser = await app.fetch('/api/graphql', { headers: { accept: 'text/html' } });
    expect(browser.headers.get('content-type') ?? '').not.toMatch(/html/);
    expect(browser.status).toBeGreaterThanOrEqual(400);
    expect(browser.status).toBeLessThan(500);
  });
});
