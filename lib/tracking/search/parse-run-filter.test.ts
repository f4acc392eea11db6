// The run filter grammar: valid filters → AST, malformed ones → BAD_USER_INPUT naming the
// 1-based position, and quoting tricks that must stay data.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { parseRunFilter, type RunFilter } from './parse-run-filter.ts';

const valid: [string, RunFilter][] = [
  ['', []],
  ['   ', []],
  ['metrics.acc > 0.9', [{ entity: 'metric', key: 'acc', comparator: '>', value: 0.9 }]],
  [
    "metrics.acc > 0.9 and params.lr = '0.01' and tags.team LIKE 'cv%' and attributes.status = 'FINISHED'",
    [
      { entity: 'metric', key: 'acc', comparator: '>', value: 0.9 },
      { entity: 'param', key: 'lr', comparator: '=', value: '0.01' },
      { entity: 'tag', key: 'team', comparator: 'LIKE', value: 'cv%' },
      { entity: 'attribute', key: 'status', comparator: '=', value: 'FINISHED' },
    ],
  ],
  ['metric.loss <= -1.5e-3', [{ entity: 'metric', key: 'loss', comparator: '<=', value: -0.0015 }]],
  ['metrics.x >= .5 AND metrics.y != 10 AnD metrics.z < 1E2', [
    { entity: 'metric', key: 'x', comparator: '>=', value: 0.5 },
    { entity: 'metric', key: 'y', comparator: '!=', value: 10 },
    { entity: 'metric', key: 'z', comparator: '<', value: 100 },
  ]],
  ['metrics.`val acc` > 0.5', [{ entity: 'metric', key: 'val acc', comparator: '>', value: 0.5 }]],
  ['metrics."val.acc" = 1', [{ entity: 'metric', key: 'val.acc', comparator: '=', value: 1 }]],
  ["tags.mlflow.runName LIKE 'inference-%'", [{ entity: 'tag', key: 'mlflow.runName', comparator: 'LIKE', value: 'inference-%' }]],
  ["tags.`mlflow.source.git.commit` = \"abc\"", [{ entity: 'tag', key: 'mlflow.source.git.commit', comparator: '=', value: 'abc' }]],
  ["param.lr ILIKE '%E-3' and parameters.opt != 'sgd'", [
    { entity: 'param', key: 'lr', comparator: 'ILIKE', value: '%E-3' },
    { entity: 'param', key: 'opt', comparator: '!=', value: 'sgd' },
  ]],
  ["params.model/name = 'resnet-18'", [{ entity: 'param', key: 'model/name', comparator: '=', value: 'resnet-18' }]],
  ["run_name = 'best' and status != 'FAILED'", [
    { entity: 'attribute', key: 'run_name', comparator: '=', value: 'best' },
    { entity: 'attribute', key: 'status', comparator: '!=', value: 'FAILED' },
  ]],
  ['start_time >= 1700000000000 and attr.end_time < 1800000000000', [
    { entity: 'attribute', key: 'start_time', comparator: '>=', value: 1700000000000 },
    { entity: 'attribute', key: 'end_time', comparator: '<', value: 1800000000000 },
  ]],
  ['created > 5', [{ entity: 'attribute', key: 'start_time', comparator: '>', value: 5 }]],
  ["\"run name\" = 'x'", [{ entity: 'attribute', key: 'run_name', comparator: '=', value: 'x' }]],
  ["`attributes`.user_id = 'ana@example.com'", [{ entity: 'attribute', key: 'user_id', comparator: '=', value: 'ana@example.com' }]],
  ["run.artifact_uri LIKE 'mlflow-artifacts:/%'", [{ entity: 'attribute', key: 'artifact_uri', comparator: 'LIKE', value: 'mlflow-artifacts:/%' }]],
  ["run_id IN ('a1', \"b2\") and attributes.run_id NOT IN ('c3')", [
    { entity: 'attribute', key: 'run_id', comparator: 'IN', value: ['a1', 'b2'] },
    { entity: 'attribute', key: 'run_id', comparator: 'NOT IN', value: ['c3'] },
  ]],
  ["datasets.name = 'mnist' and dataset.digest IN ('d1','d2') and datasets.context not in ('eval')", [
    { entity: 'dataset', key: 'name', comparator: '=', value: 'mnist' },
    { entity: 'dataset', key: 'digest', comparator: 'IN', value: ['d1', 'd2'] },
    { entity: 'dataset', key: 'context', comparator: 'NOT IN', value: ['eval'] },
  ]],
  // Quotes inside values stay data: doubled or backslash-escaped quotes are the quote itself.
  ["params.x = 'a'' OR 1=1 --'", [{ entity: 'param', key: 'x', comparator: '=', value: "a' OR 1=1 --" }]],
  ["params.x = 'it\\'s'", [{ entity: 'param', key: 'x', comparator: '=', value: "it's" }]],
  ["tags.x = '); DROP TABLE runs; --'", [{ entity: 'tag', key: 'x', comparator: '=', value: '); DROP TABLE runs; --' }]],
  ["tags.`a``b` = \"say \"\"hi\"\"\"", [{ entity: 'tag', key: 'a`b', comparator: '=', value: 'say "hi"' }]],
  ["params.`x' OR '1'='1` = 'v'", [{ entity: 'param', key: "x' OR '1'='1", comparator: '=', value: 'v' }]],
];

describe('parseRunFilter: valid filters', () => {
  it.each(valid)('%s', (filter, expected) => {
    expect(parseRunFilter(filter)).toEqual(expected);
  });
});

// [filter, position, message fragment]
const invalid: [string, number, string][] = [
  ['metrics.val acc > 0.9', 13, "expected a comparator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN or NOT IN), found 'acc'"],
  ["metrics.acc > 0.9 OR params.lr = '1'", 19, 'OR is not supported'],
  ['metrics.acc > 0.9 metrics.b > 1', 19, "expected AND or the end of the filter, found 'metrics.b'"],
  ['metrics.acc > 0.9 and', 22, 'expected an identifier such as metrics.<key>, params.<key>, tags.<key> or attributes.<name>, found the end of the input'],
  ['and metrics.acc > 1', 1, "expected an identifier such as metrics.<key>, params.<key>, tags.<key> or attributes.<name>, found 'and'"],
  ['metrics.acc >', 14, 'expected a value'],
  ["metrics.acc > 'high'", 15, "metric 'metrics.acc' compares with a number, found 'high'"],
  ['params.lr = 0.01', 13, "param 'params.lr' compares with a quoted string ('...'), found 0.01"],
  ["params.lr > '0.01'", 11, "'>' does not apply to param 'params.lr' (use =, !=, LIKE, ILIKE)"],
  ["metrics.acc LIKE '0.9'", 13, "'LIKE' does not apply to metric 'metrics.acc'"],
  ["start_time = 'yesterday'", 14, 'compares with a number'],
  ["start_time LIKE '1%'", 12, "'LIKE' does not apply to numeric attribute 'start_time'"],
  ["status IN ('FINISHED')", 8, 'IN applies only to run_id and dataset fields'],
  ["run_id IN 'a'", 11, 'IN needs a list of quoted strings'],
  ["run_id = ('a')", 10, "compares with a quoted string"],
  ["run_id IN ('a', 1)", 17, "expected a quoted string in the list, found '1'"],
  ["run_id IN ('a' 'b')", 16, "expected ',' or ')', found ''b''"],
  ["run_id IN ('a',", 16, 'expected a quoted string in the list, found the end of the input'],
  ["params.lr = 'unterminated", 13, 'unterminated string'],
  ['metrics.`val acc > 1', 9, 'unterminated string'],
  ["metric.acc <> 1", 12, "'<>' is not a comparator here; use !="],
  ["metric.acc == 1", 12, "'==' is not a comparator here; use ="],
  ["metrics. > 1", 9, "expected a key after 'metrics.'"],
  ["foo.bar = 'x'", 1, "unknown entity type 'foo'"],
  ["colour = 'red'", 1, "unknown attribute 'colour'"],
  ["datasets.size = 'x'", 1, "unknown dataset field 'size'"],
  ["params.lr = 'a' ; DROP TABLE runs", 17, "unexpected character ';'"],
  ["params.lr NOT LIKE 'a'", 15, "expected IN after NOT, found 'LIKE'"],
  ["(metrics.a > 1)", 1, "expected an identifier"],
  ['metrics.acc > 0.9abc', 18, "expected AND or the end of the filter, found 'abc'"],
  // Found by the fuzzer: PostgreSQL refused the query with a 500 (text holds no NUL).
  ["params.k = 'a\u0000b'", 14, 'NUL characters (\\u0000) are not allowed'],
  ['metrics.`a\u0000` > 1', 11, 'NUL characters'],
];

describe('parseRunFilter: malformed filters', () => {
  it.each(invalid)('%s → position %i', (filter, position, fragment) => {
    let error: unknown;
    try {
      parseRunFilter(filter);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('BAD_USER_INPUT');
    expect(appError.details).toEqual({ position });
    expect(appError.message).toContain(`Invalid filter at position ${position}: `);
    expect(appError.message).toContain(fragment);
  });
});
