import { describe, expect, it } from 'vitest';
import { columnOrderBy } from '@/lib/tracking/runs-table/run-row';
import { EMPTY_QUERY, queryVariables, readTableQuery, writeTableQuery } from './table-query';

describe('table query in the URL', () => {
  it('round-trips every part', () => {
    const query = { filter: "metrics.acc > 0.9 and params.x = 'a b'", statuses: ['FINISHED', 'FAILED'], users: ['ada'], digests: ['d1'], sort: { column: 'metrics.val:loss', desc: true }, groupBy: 'params.optimizer' };
    expect(readTableQuery(new URLSearchParams(writeTableQuery(query).toString()))).toEqual(query);
    expect(readTableQuery(new URLSearchParams(''))).toEqual(EMPTY_QUERY);
  });

  it('orders by the column with MLflow order_by syntax, quoting keys', () => {
    const variables = queryVariables({ ...EMPTY_QUERY, sort: { column: 'metrics.val acc', desc: false } }, columnOrderBy);
    expect(variables.orderBy).toEqual(['metrics.`val acc` ASC']);
    expect(queryVariables({ ...EMPTY_QUERY, sort: { column: 'attributes.duration', desc: true } }, columnOrderBy).orderBy).toEqual([]);
  });
});
