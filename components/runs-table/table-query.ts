// What selects and orders the runs table, as the page keeps it in its URL (so a view can be
// linked, and Back works): the search filter, quick filters, sort and grouping.
export type TableQuery = {
  filter: string;
  statuses: string[];
  users: string[];
  digests: string[];
  /** A column id and direction, or null for the default (newest first). */
  sort: { column: string; desc: boolean } | null;
  /** params.<key>, tags.<key>, attributes.status or attributes.user_id; null when not grouped. */
  groupBy: string | null;
};

export const EMPTY_QUERY: TableQuery = { filter: '', statuses: [], users: [], digests: [], sort: null, groupBy: null };

export function readTableQuery(params: URLSearchParams): TableQuery {
  const sort = params.get('sort');
  const match = sort ? /^(.*):(asc|desc)$/.exec(sort) : null;
  return {
    filter: params.get('filter') ?? '',
    statuses: params.getAll('status'),
    users: params.getAll('user'),
    digests: params.getAll('digest'),
    sort: match ? { column: match[1], desc: match[2] === 'desc' } : null,
    groupBy: params.get('group') || null,
  };
}

export function writeTableQuery(query: TableQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.filter) params.set('filter', query.filter);
  for (const status of query.statuses) params.append('status', status);
  for (const user of query.users) params.append('user', user);
  for (const digest of query.digests) params.append('digest', digest);
  if (query.sort) params.set('sort', `${query.sort.column}:${query.sort.desc ? 'desc' : 'asc'}`);
  if (query.groupBy) params.set('group', query.groupBy);
  return params;
}

/** The GraphQL variables the query stands for (orderBy from the column's sort clause). */
export function queryVariables(query: TableQuery, orderByOf: (column: string) => string | null) {
  const clause = query.sort ? orderByOf(query.sort.column) : null;
  return {
    filter: query.filter.trim() || null,
    orderBy: clause ? [`${clause} ${query.sort!.desc ? 'DESC' : 'ASC'}`] : [],
    quick: { statuses: query.statuses, users: query.users, datasetDigests: query.digests },
  };
}
