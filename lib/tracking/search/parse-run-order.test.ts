// order_by clauses for run search: entities, aliases, directions, and refusals.
import { describe, expect, it } from 'vitest';
import { parseRunOrderBy } from './parse-run-order.ts';

describe('parseRunOrderBy', () => {
  it('reads entities, quoted keys, aliases and directions', () => {
    expect(
      parseRunOrderBy(['metrics.acc DESC', 'params.lr', 'tags.`my tag` asc', 'attributes.start_time', 'run_name DESC']),
    ).toEqual([
      { entity: 'metric', key: 'acc', descending: true },
      { entity: 'param', key: 'lr', descending: false },
      { entity: 'tag', key: 'my tag', descending: false },
      { entity: 'attribute', key: 'start_time', descending: false },
      { entity: 'attribute', key: 'run_name', descending: true },
    ]);
    expect(parseRunOrderBy(['created', 'metric."val loss" Desc', 'end_time', 'status'])).toEqual([
      { entity: 'attribute', key: 'start_time', descending: false },
      { entity: 'metric', key: 'val loss', descending: true },
      { entity: 'attribute', key: 'end_time', descending: false },
      { entity: 'attribute', key: 'status', descending: false },
    ]);
  });

  it.each([
    ['metrics.acc DOWN', "Invalid order_by clause 'metrics.acc DOWN' at position 13: expected ASC, DESC or the end of the clause, found 'DOWN'"],
    ['metrics.acc DESC extra', 'at position 18: expected the end'],
    ['datasets.name', 'at position 1: unknown entity type'],
    ['colour', "unknown attribute 'colour'"],
    ['', 'at position 1: expected a column'],
    ['metrics.`acc DESC', 'unterminated string'],
  ])('refuses %j', (clause, fragment) => {
    expect(() => parseRunOrderBy([clause])).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringContaining(fragment) }));
  });

  it('refuses duplicate fields (start_time and its alias created are one field)', () => {
    expect(() => parseRunOrderBy(['start_time', 'created DESC'])).toThrow(/duplicate fields/);
    expect(() => parseRunOrderBy(['metrics.a', 'metrics.a DESC'])).toThrow(/duplicate fields/);
    expect(parseRunOrderBy(['metrics.a', 'params.a'])).toHaveLength(2);
  });

  it('caps the number of clauses', () => {
    expect(() => parseRunOrderBy(Array.from({ length: 11 }, (_, i) => `metrics.m${i}`))).toThrow(/at most 10/);
  });
});
