// Property-based tests of MLflow's search languages (run filters, order_by, experiment
// filters) from a grammar of plausible and hostile pieces: the parsers either accept or refuse
// with BAD_USER_INPUT, and over HTTP (MLflow REST and GraphQL) every search answers 200 or a
// clean 400, never a 500, and writes nothing.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../lib/errors.ts';
import { parseExperimentFilter, parseExperimentOrderBy } from '../../lib/tracking/search/experiment-filter.ts';
import { parseRunFilter } from '../../lib/tracking/search/parse-run-filter.ts';
import { parseRunOrderBy } from '../../lib/tracking/search/parse-run-order.ts';
import { setupTestApp } from '../helpers/app.ts';
import { principalFor, teamWorld, type TeamWorld } from '../helpers/fixtures.ts';
import { runWithArtifacts } from '../helpers/runs.ts';
import { createProject } from '../../lib/tracking/projects/create-project.ts';
import { logBatch } from '../../lib/tracking/run-data/log-batch.ts';
import { gql } from '../graphql/client.ts';
import { databaseFingerprint, FUZZ_TIMEOUT, fuzzOptions, nastyString } from './support.ts';

const app = setupTestApp();

const word = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,12}$/);
const quoted = (inner: fc.Arbitrary<string>) =>
  fc.tuple(fc.constantFrom("'", '"', '`'), inner).map(([q, text]) => `${q}${text.replaceAll(q, q === '`' ? '``' : `\\${q}`)}${q}`);
const key = fc.oneof(word, quoted(nastyString), fc.constantFrom('acc', 'loss', 'lr', 'mlflow.runName', 'x y'));
const entity = fc.oneof(
  fc.tuple(fc.constantFrom('metrics', 'metric', 'params', 'param', 'parameters', 'tags', 'tag', 'datasets', 'dataset', 'attributes', 'attribute', 'attr', 'run', 'nope', ''), key).map(([prefix, k]) => (prefix ? `${prefix}.${k}` : k)),
  fc.constantFrom('attributes.status', 'attributes.start_time', 'attributes.end_time', 'run_id', 'run_name', 'attributes.artifact_uri', 'attributes.user_id', 'created', '`run name`', 'datasets.digest', 'datasets.context', 'name', 'creation_time', 'last_update_time', 'tags.`mlflow.note.content`'),
);
const number = fc.oneof(
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt().map(String),
  fc.constantFrom('1e309', '-1e309', 'NaN', 'inf', '0x10', '1_000', '.5', '5.', '--1', '1e', '+3'),
);
const value = fc.oneof(
  number,
  quoted(nastyString),
  fc.array(fc.oneof(quoted(nastyString), number), { maxLength: 4 }).map((items) => `(${items.join(', ')})`),
  fc.constantFrom('NULL', 'null', 'true', '()', "('a',)", "('a' 'b')", word.toString()),
);
const comparator = fc.constantFrom('=', '!=', '<', '<=', '>', '>=', '==', '<>', 'LIKE', 'ILIKE', 'like', 'IN', 'NOT IN', 'not in', 'IS', 'IS NOT', 'BETWEEN', '');
const clause = fc.tuple(entity, comparator, value).map(([e, c, v]) => `${e} ${c} ${v}`);
const joiner = fc.constantFrom(' AND ', ' and ', ' OR ', ' && ', ' ', 'AND', ' AND AND ');
// Well-formed clauses with odd values: these reach the SQL the filter compiles to.
const sqlString = nastyString.map((text) => `'${text.replaceAll("'", "''")}'`);
const likePattern = fc.array(fc.constantFrom('%', '_', '\\', 'a', "''", '[', ']', '^', '💥', '%%'), { maxLength: 6 }).map((parts) => `'${parts.join('')}'`);
const backticked = nastyString.filter((text) => text.length > 0).map((text) => `\`${text.replaceAll('`', '``')}\``);
const metricKey = fc.oneof(fc.constantFrom('acc', 'loss', 'missing'), backticked);
const finite = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), fc.integer().map(String), fc.constantFrom('1e308', '-1e308', '0', '-0', '1e-320', '9007199254740993'));
const validClause = fc.oneof(
  fc.tuple(metricKey, fc.constantFrom('=', '!=', '<', '<=', '>', '>='), finite).map(([k, c, v]) => `metrics.${k} ${c} ${v}`),
  fc.tuple(fc.constantFrom('params', 'tags'), fc.oneof(fc.constantFrom('lr', '`x y`', 'mlflow.runName'), backticked), fc.constantFrom('=', '!='), sqlString).map(([e, k, c, v]) => `${e}.${k} ${c} ${v}`),
  fc.tuple(fc.constantFrom('params.lr', 'tags.`x y`', 'attributes.run_name', 'attributes.status', 'attributes.user_id', 'attributes.artifact_uri', 'datasets.name'), fc.constantFrom('LIKE', 'ILIKE'), likePattern).map(([e, c, v]) => `${e} ${c} ${v}`),
  fc.tuple(fc.constantFrom('attributes.start_time', 'attributes.end_time'), fc.constantFrom('=', '!=', '<', '>='), finite).map(([e, c, v]) => `${e} ${c} ${v}`),
  fc.tuple(fc.constantFrom('attributes.run_id', 'datasets.digest', 'datasets.context'), fc.constantFrom('IN', 'NOT IN'), fc.array(sqlString, { minLength: 1, maxLength: 3 })).map(([e, c, v]) => `${e} ${c} (${v.join(', ')})`),
);
const filter = fc.oneof(
  { weight: 6, arbitrary: fc.array(validClause, { minLength: 1, maxLength: 3 }).map((clauses) => clauses.join(' and ')) },
  { weight: 6, arbitrary: fc.array(clause, { minLength: 1, maxLength: 4 }).chain((clauses) => fc.array(joiner, { minLength: clauses.length - 1, maxLength: clauses.length - 1 }).map((joins) => clauses.reduce((text, c, i) => (i === 0 ? c : `${text}${joins[i - 1]}${c}`), ''))) },
  { weight: 1, arbitrary: clause.map((c) => `(${c})`) },
  { weight: 2, arbitrary: nastyString },
);
const orderBy = fc.array(
  fc.oneof(fc.tuple(entity, fc.constantFrom('', ' ASC', ' DESC', ' asc', ' UP', ' DESC DESC')).map(([e, d]) => `${e}${d}`), nastyString),
  { maxLength: 3 },
);

/** Either it parses, or it is refused as bad input: nothing else may escape a parser. */
function parsesOrRefuses(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!isAppError(error) || error.code !== 'BAD_USER_INPUT') throw error;
  }
}

let world: TeamWorld;
let projectId: string;

beforeAll(async () => {
  world = await teamWorld();
  const member = await principalFor(world.users.member.id);
  projectId = String((await createProject(member, { teamId: world.team.id, name: 'searchable' })).id);
  for (const [name, acc] of [['a', 0.5], ['b', Number.NaN], ['c', Number.POSITIVE_INFINITY]] as const) {
    const run = await runWithArtifacts(member, projectId, { name, metrics: { acc, loss: -1 } });
    await logBatch(member, { runId: run.runId, params: [{ key: 'lr', value: '0.01' }], tags: [{ key: 'x y', value: "it's" }] });
  }
});

describe('the search parsers', () => {
  it('accept or refuse with BAD_USER_INPUT, whatever the input', () => {
    fc.assert(
      fc.property(filter, orderBy, (f, o) => {
        parsesOrRefuses(() => parseRunFilter(f));
        parsesOrRefuses(() => parseRunOrderBy(o));
        parsesOrRefuses(() => parseExperimentFilter(f));
        parsesOrRefuses(() => parseExperimentOrderBy(o));
      }),
      fuzzOptions(2000, 2000),
    );
  });
});

describe('search over HTTP', () => {
  it('MLflow runs/search and experiments/search answer 200 or 400, never 500, and write nothing', async () => {
    const before = await databaseFingerprint();
    await fc.assert(
      fc.asyncProperty(filter, orderBy, fc.integer({ min: -5, max: 100_000 }), fc.option(nastyString, { nil: undefined }), async (f, o, max, pageToken) => {
        for (const [path, body] of [
          ['runs/search', { experiment_ids: [projectId], filter: f, order_by: o, max_results: max, page_token: pageToken }],
          ['experiments/search', { filter: f, order_by: o, max_results: max, page_token: pageToken }],
        ] as const) {
          const response = await app.fetch(`/api/2.0/mlflow/${path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${world.tokens.read}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          const text = await response.text();
          expect([200, 400], `${path} ${JSON.stringify(body).slice(0, 300)} -> ${response.status} ${text.slice(0, 300)}`).toContain(response.status);
          if (response.status === 400) expect(JSON.parse(text)).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
        }
      }),
      fuzzOptions(150, 60),
    );
    expect(await databaseFingerprint()).toEqual(before);
  }, FUZZ_TIMEOUT);

  it('GraphQL project.runs answers data or BAD_USER_INPUT, never an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(filter, orderBy, async (f, o) => {
        const result = await gql(app, 'query($id: ID!, $f: String, $o: [String!]) { project(id: $id) { runs(first: 5, filter: $f, orderBy: $o) { edges { node { id } } } } }', { id: projectId, f, o }, { cookie: world.cookies.viewer });
        expect(['OK', 'BAD_USER_INPUT'], `${JSON.stringify({ f, o }).slice(0, 300)} -> ${JSON.stringify(result.errors)?.slice(0, 300)}`).toContain(result.code);
        expect(result.status).toBeLessThan(500);
      }),
      fuzzOptions(150, 60),
    );
  }, FUZZ_TIMEOUT);
});

describe('the generator', () => {
  it('makes filters the parser accepts about half the time, so searches really run', () => {
    const samples = fc.sample(filter, 1000);
    const accepted = samples.filter((f) => {
      try {
        parseRunFilter(f);
        return f.trim() !== '';
      } catch {
        return false;
      }
    });
    expect(accepted.length).toBeGreaterThan(250);
  });
});
