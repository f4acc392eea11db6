// MLflow's run order_by clauses (SearchUtils.parse_order_by_for_search_runs):
// `metrics.acc DESC`, `params.lr`, tags.`my tag` ASC, `attributes.start_time`, `run_name`.
import { badInput } from '../../errors.ts';
import { parseOrderClause } from './filter-grammar.ts';
import { resolveRunIdentifier, type RunAttribute } from './parse-run-filter.ts';

export type RunOrder =
  | { entity: 'metric' | 'param' | 'tag'; key: string; descending: boolean }
  | { entity: 'attribute'; key: RunAttribute; descending: boolean };

/** At most this many order_by clauses: each one joins a table into the search. */
export const MAX_ORDER_BY_CLAUSES = 10;

export function parseRunOrderBy(orderBy: readonly string[]): RunOrder[] {
  if (orderBy.length > MAX_ORDER_BY_CLAUSES) {
    throw badInput(`order_by accepts at most ${MAX_ORDER_BY_CLAUSES} clauses, got ${orderBy.length}`);
  }
  const seen = new Set<string>();
  return orderBy.map((clause) => {
    const subject = `order_by clause '${clause}'`;
    const { identifier, descending } = parseOrderClause(clause, subject);
    const target = resolveRunIdentifier(identifier, subject, false);
    if (target.entity === 'dataset') throw badInput(`Invalid ${subject}: datasets cannot be ordered by`);
    const id = `${target.entity}\u0000${target.key}`;
    if (seen.has(id)) throw badInput(`order_by contains duplicate fields: ${target.entity} '${target.key}' appears twice`);
    seen.add(id);
    return { ...target, descending } as RunOrder;
  });
}
