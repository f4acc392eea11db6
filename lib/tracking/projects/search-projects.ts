// MLflow experiments/search for one team: MLflow's experiment filter (AND of comparisons on
// name, creation_time, last_update_time and tags.<key>), order_by, view type and offset
// page tokens, compiled to one parameterised SQL query.
import { z } from 'zod';
import { authorize, type Principal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { query } from '../../db/sql.ts';
import { badInput } from '../../errors.ts';
import { parseInput } from './project-input.ts';
import { projectViewInclude, toProjectView, type ProjectView } from './project-view.ts';

export const SEARCH_PROJECTS_DEFAULT_MAX = 1000;
export const SEARCH_PROJECTS_MAX = 50_000;

const searchProjectsInput = z.object({
  teamId: z.string().min(1),
  filter: z.string().max(10_000).nullish(),
  orderBy: z.array(z.string().max(500)).max(20).default([]),
  maxResults: z.number().int().min(1, 'max_results must be at least 1').max(SEARCH_PROJECTS_MAX, `max_results must be at most ${SEARCH_PROJECTS_MAX}`).default(SEARCH_PROJECTS_DEFAULT_MAX),
  pageToken: z.string().max(1000).nullish(),
  viewType: z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).default('ACTIVE_ONLY'),
});

export type SearchProjectsInput = z.input<typeof searchProjectsInput>;
export type SearchProjectsResult = { projects: ProjectView[]; nextPageToken?: string };

// ─── Filter ─────────────────────────────────────────────────────────────────

type Token = { kind: 'ident' | 'string' | 'number' | 'op' | 'and'; text: string; pos: number };

function fail(pos: number, message: string): never {
  throw badInput(`Invalid filter at position ${pos}: ${message}`);
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"' || c === '`') {
      let text = '';
      i++;
      while (i < filter.length && filter[i] !== c) {
        // A backslash escapes the next character.
        if (filter[i] === '\\' && i + 1 < filter.length) i++;
        text += filter[i++];
      }
      if (i >= filter.length) fail(start, `unterminated quote ${c}`);
      i++;
      // Backticks and double quotes around identifiers (tags.`my key`) join the identifier.
      if (c === '`' || (c === '"' && tokens.at(-1)?.kind === 'ident' && tokens.at(-1)!.text.endsWith('.'))) {
        const prev = tokens.at(-1);
        if (prev?.kind === 'ident' && prev.text.endsWith('.')) prev.text += text;
        else tokens.push({ kind: 'ident', text, pos: start });
      } else {
        tokens.push({ kind: 'string', text, pos: start });
      }
      continue;
    }
    const op = /^(!=|<>|>=|<=|=|<|>)/.exec(filter.slice(i));
    if (op) {
      tokens.push({ kind: 'op', text: op[1] === '<>' ? '!=' : op[1], pos: start });
      i += op[1].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(filter.slice(i));
    if (num) {
      tokens.push({ kind: 'number', text: num[0], pos: start });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][\w.]*/.exec(filter.slice(i));
    if (word) {
      const upper = word[0].toUpperCase();
      if (upper === 'AND') tokens.push({ kind: 'and', text: upper, pos: start });
      else if (upper === 'LIKE' || upper === 'ILIKE') tokens.push({ kind: 'op', text: upper, pos: start });
      else if (upper === 'OR') fail(start, "'OR' is not supported; combine conditions with AND");
      else tokens.push({ kind: 'ident', text: word[0], pos: start });
      i += word[0].length;
      continue;
    }
    fail(start, `unexpected character '${c}'`);
  }
  return tokens;
}

type Column = 'name' | 'creation_time' | 'last_update_time';
const attributeColumns: Record<string, Column> = { name: 'name', creation_time: 'creation_time', last_update_time: 'last_update_time' };
const sqlColumn: Record<Column, string> = {
  name: 'p.name',
  creation_time: "(extract(epoch from p.created_at) * 1000)::bigint",
  last_update_time: "(extract(epoch from p.updated_at) * 1000)::bigint",
};

function resolveIdentifier(token: Token): { tag: string } | { column: Column } {
  const text = token.text;
  const dot = text.indexOf('.');
  const prefix = dot < 0 ? '' : text.slice(0, dot).toLowerCase();
  const rest = dot < 0 ? text : text.slice(dot + 1);
  if (prefix === 'tags' || prefix === 'tag') {
    if (!rest) fail(token.pos, 'a tag key is required after tags.');
    return { tag: rest };
  }
  if (prefix === '' || prefix === 'attribute' || prefix === 'attributes') {
    const column = attributeColumns[rest];
    if (column) return { column };
  }
  return fail(token.pos, `unknown key '${text}' (use name, creation_time, last_update_time or tags.<key>)`);
}

/** SQL conditions (ANDed) for an MLflow experiment filter; values go to `params`. */
export function compileProjectFilter(filter: string, params: unknown[]): string[] {
  const tokens = tokenize(filter);
  const conditions: string[] = [];
  let i = 0;
  const end = filter.length;
  while (i < tokens.length) {
    const ident = tokens[i];
    if (ident?.kind !== 'ident') fail(ident?.pos ?? end, 'expected a key such as name or tags.<key>');
    const op = tokens[i + 1];
    if (op?.kind !== 'op') fail(op?.pos ?? end, 'expected a comparison operator');
    const value = tokens[i + 2];
    if (!value || (value.kind !== 'string' && value.kind !== 'number')) fail(value?.pos ?? end, 'expected a value');
    const target = resolveIdentifier(ident);
    const isNumeric = 'column' in target && target.column !== 'name';
    if (isNumeric) {
      if (value.kind !== 'number' || op.text === 'LIKE' || op.text === 'ILIKE') fail(value.pos, `'${ident.text}' compares with a number`);
      params.push(Number(value.text));
      conditions.push(`${sqlColumn[target.column]} ${op.text} $${params.length}`);
    } else {
      if (value.kind !== 'string') fail(value.pos, `'${ident.text}' compares with a quoted string`);
      if (!['=', '!=', 'LIKE', 'ILIKE'].includes(op.text)) fail(op.pos, `'${op.text}' does not apply to '${ident.text}' (use =, !=, LIKE or ILIKE)`);
      params.push(value.text);
      const v = `$${params.length}`;
      if ('tag' in target) {
        params.push(target.tag);
        conditions.push(`EXISTS (SELECT 1 FROM project_tags t WHERE t.project_id = p.id AND t.key = $${params.length} AND t.value ${op.text} ${v})`);
      } else {
        conditions.push(`p.name ${op.text} ${v}`);
      }
    }
    i += 3;
    if (i < tokens.length) {
      if (tokens[i].kind !== 'and') fail(tokens[i].pos, "expected 'AND'");
      i++;
      if (i >= tokens.length) fail(end, "expected a condition after 'AND'");
    }
  }
  return conditions;
}

// ─── Order and pages ────────────────────────────────────────────────────────

const orderColumns: Record<string, string> = {
  name: 'p.name',
  creation_time: 'p.created_at',
  last_update_time: 'p.updated_at',
  experiment_id: 'p.id',
};

export function compileProjectOrder(orderBy: readonly string[]): string {
  const clauses = orderBy.map((clause) => {
    const m = /^\s*(?:attributes?\.)?([a-z_]+)\s*(ASC|DESC)?\s*$/i.exec(clause);
    const column = m && orderColumns[m[1]];
    if (!column) throw badInput(`Invalid order_by clause '${clause}': order by name, creation_time, last_update_time or experiment_id, optionally ASC or DESC`);
    return `${column} ${(m[2] ?? 'ASC').toUpperCase()}`;
  });
  if (clauses.length === 0) clauses.push('p.created_at DESC');
  if (!clauses.some((c) => c.startsWith('p.id '))) clauses.push('p.id ASC');
  return clauses.join(', ');
}

function decodePageToken(token: string | null | undefined): number {
  if (!token) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw badInput('Invalid page token');
}

const encodePageToken = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url');

export async function searchProjects(principal: Principal, input: SearchProjectsInput): Promise<SearchProjectsResult> {
  const { teamId, filter, orderBy, maxResults, pageToken, viewType } = parseInput(searchProjectsInput, input);
  authorize(principal, 'team:read', teamId);
  const offset = decodePageToken(pageToken);
  const params: unknown[] = [teamId];
  const conditions = ['p.team_id = $1'];
  if (viewType === 'ACTIVE_ONLY') conditions.push(`p.lifecycle_stage = 'ACTIVE'`);
  if (viewType === 'DELETED_ONLY') conditions.push(`p.lifecycle_stage = 'DELETED'`);
  if (filter?.trim()) conditions.push(...compileProjectFilter(filter, params));
  const order = compileProjectOrder(orderBy);
  params.push(maxResults + 1, offset);
  const rows = await query<{ id: string }>(
    `SELECT p.id FROM projects p WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  const ids = rows.slice(0, maxResults).map((r) => BigInt(r.id));
  const found = await db.project.findMany({ where: { id: { in: ids } }, include: projectViewInclude });
  const byId = new Map(found.map((p) => [p.id, toProjectView(p)]));
  return {
    projects: ids.flatMap((id) => byId.get(id) ?? []),
    ...(rows.length > maxResults ? { nextPageToken: encodePageToken(offset + maxResults) } : {}),
  };
}
