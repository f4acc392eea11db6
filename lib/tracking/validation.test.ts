// MLflow's run-data rules, as pure functions (no database).
import { describe, expect, it } from 'vitest';
import {
  BAD_CHARACTERS_MESSAGE,
  MAX_PARAM_VAL_LENGTH,
  MAX_TAG_VAL_LENGTH,
  isValidRunData,
  posixNormpath,
  toInt64,
  validateRunData,
  type RunDataInput,
} from './validation.ts';

function errorOf(data: RunDataInput): { code: string; message: string } {
  try {
    validateRunData(data);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected validateRunData to throw');
}

const metric = (over: Record<string, unknown> = {}) => ({ key: 'loss', value: 0.5, timestamp: 1000, step: 1, ...over }) as never;
const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));

describe('key names', () => {
  it.each(['loss', 'train/loss', 'a.b-c d_e', 'epoch:1', 'métrique', 'x'.repeat(250)])('accepts %j', (key) => {
    expect(() => validateRunData({ params: [{ key, value: '1' }] })).not.toThrow();
  });

  it.each([
    ['bad(char)', `Invalid value "bad(char)" for parameter 'params[0].key' supplied: ${BAD_CHARACTERS_MESSAGE}`],
    ['a/../b', `Invalid value "a/../b" for parameter 'params[0].key' supplied: Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to 'b'`],
    ['/abs', `Invalid value "/abs" for parameter 'params[0].key' supplied: Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '/abs'`],
    ['..', `Invalid value ".." for parameter 'params[0].key' supplied: Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '..'`],
    ['a//b', `Invalid value "a//b" for parameter 'params[0].key' supplied: Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to 'a/b'`],
    ['', `Invalid value "" for parameter 'params[0].key' supplied: Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '.'`],
    ['x'.repeat(251), `'params[0].key' exceeds the maximum length of 250 characters`],
  ])('refuses %j with MLflow wording', (key, message) => {
    expect(errorOf({ params: [{ key, value: '1' }] })).toMatchObject({ code: 'BAD_USER_INPUT', message });
  });

  it('names the field of metrics and tags', () => {
    expect(errorOf({ metrics: [metric(), metric({ key: 'a..b/..' })] }).message).toContain("'metrics[1].name'");
    expect(errorOf({ tags: [{ key: 'ok', value: '' }, { key: 'no*', value: '' }] }).message).toContain("'tags[1].key'");
  });

  it('normalises paths like Python posixpath.normpath', () => {
    expect(posixNormpath('a/./b/')).toBe('a/b');
    expect(posixNormpath('//a')).toBe('//a');
    expect(posixNormpath('///a')).toBe('/a');
    expect(posixNormpath('../../a')).toBe('../../a');
    expect(posixNormpath('/..')).toBe('/');
  });
});

describe('values and limits', () => {
  it('allows values up to the limits, counted in characters', () => {
    expect(() => validateRunData({ params: [{ key: 'p', value: 'é'.repeat(MAX_PARAM_VAL_LENGTH) }] })).not.toThrow();
    expect(() => validateRunData({ tags: [{ key: 't', value: '😀'.repeat(MAX_TAG_VAL_LENGTH) }] })).not.toThrow();
  });

  it('refuses longer param and tag values', () => {
    expect(errorOf({ params: [{ key: 'p', value: 'x'.repeat(6001) }] }).message).toBe("'params[0].value' exceeds the maximum length of 6000 characters");
    expect(errorOf({ tags: [{ key: 't', value: 'x'.repeat(5001) }] }).message).toBe("'tags[0].value' exceeds the maximum length of 5000 characters");
  });

  it.each([
    [{ metrics: many(1001, () => metric()) }, 'A batch logging request can contain at most 1000 metrics. Got 1001 metrics.'],
    [{ params: many(101, (i) => ({ key: `p${i}`, value: '' })) }, 'A batch logging request can contain at most 100 params. Got 101 params.'],
    [{ tags: many(101, (i) => ({ key: `t${i}`, value: '' })) }, 'A batch logging request can contain at most 100 tags. Got 101 tags.'],
    [
      { metrics: many(950, () => metric()), params: many(51, (i) => ({ key: `p${i}`, value: '' })) },
      'A batch logging request can contain at most 1000 metrics, params, and tags. Got 1001 metrics, params, and tags.',
    ],
  ])('enforces the per-batch limits', (data, message) => {
    expect(errorOf(data as RunDataInput).message).toContain(message);
  });

  it('accepts exactly the limits', () => {
    expect(() => validateRunData({ metrics: many(1000, () => metric()) })).not.toThrow();
    expect(() => validateRunData({ params: many(100, (i) => ({ key: `p${i}`, value: '' })), tags: many(100, (i) => ({ key: `t${i}`, value: '' })) })).not.toThrow();
  });
});

describe('metrics', () => {
  it('accepts NaN and ±Infinity, defaults the step to 0 and reads int64 in any form', () => {
    const data = validateRunData({
      metrics: [
        metric({ value: NaN, step: undefined }),
        metric({ value: Infinity, timestamp: 5n, step: '-3' }),
        metric({ value: -Infinity, timestamp: '9223372036854775807' }),
      ],
    });
    expect(data.metrics.map((m) => [m.value, m.timestamp, m.step])).toEqual([
      [NaN, 1000n, 0n],
      [Infinity, 5n, -3n],
      [-Infinity, 9223372036854775807n, 1n],
    ]);
    expect(isValidRunData(data)).toBe(true);
  });

  it.each([
    [{ value: 'abc' }, `Invalid value "abc" for parameter 'metrics[0].value' supplied: (timestamp=1000). Please specify value as a valid double (64-bit floating point)`],
    [{ value: true }, "for parameter 'metrics[0].value' supplied"],
    [{ value: null }, "Missing value for required parameter 'metrics[0].value'."],
    [{ timestamp: -1 }, `Invalid value -1 for parameter 'metrics[0].timestamp' supplied: metric 'loss' (value=0.5). Timestamp must be a nonnegative long (64-bit integer) `],
    [{ timestamp: undefined }, "Missing value for required parameter 'metrics[0].timestamp'."],
    [{ timestamp: 1.5 }, "for parameter 'metrics[0].timestamp' supplied"],
    [{ step: 1.5 }, `Invalid value 1.5 for parameter 'metrics[0].step' supplied: metric 'loss' (value=0.5). Step must be a valid long (64-bit integer).`],
    [{ step: '9223372036854775808' }, "for parameter 'metrics[0].step' supplied"],
  ])('refuses %j', (over, message) => {
    expect(errorOf({ metrics: [metric(over)] })).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining(message) });
  });

  it('reads int64 bounds exactly', () => {
    expect(toInt64('-9223372036854775808')).toBe(-(2n ** 63n));
    expect(toInt64(2n ** 63n)).toBeUndefined();
    expect(toInt64('1e3')).toBeUndefined();
  });
});

describe('duplicates inside one batch', () => {
  it('keeps one param when repeated with the same value', () => {
    const data = validateRunData({ params: [{ key: 'lr', value: '0.1' }, { key: 'lr', value: '0.1' }] });
    expect(data.params).toEqual([{ key: 'lr', value: '0.1' }]);
  });

  it('refuses a param repeated with another value', () => {
    expect(errorOf({ params: [{ key: 'lr', value: '0.1' }, { key: 'lr', value: '0.2' }] }).message).toBe(
      "Duplicate parameter keys have been submitted: ['lr']. Please ensure the request contains only one param value per param key.",
    );
  });

  it('keeps the last tag of a repeated key', () => {
    const data = validateRunData({ tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'a', value: '3' }] });
    expect(data.tags).toEqual([{ key: 'a', value: '3' }, { key: 'b', value: '2' }]);
  });
});
