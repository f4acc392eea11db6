// The grammar MLflow's search filters share (runs and experiments): comparisons joined by
// AND, identifiers like `metrics.acc` or tags.`my key`, quoted strings, numbers and
// parenthesised string lists, plus order_by clauses (`<identifier> [ASC|DESC]`).
// This module only knows the shape; parse-run-filter.ts and experiment-filter.ts decide
// which identifiers, comparators and values mean something. Errors carry the 1-based
// character position so a user can find the mistake in a long filter.
import { badInput } from '../../errors.ts';

type TokenKind = 'identifier' | 'word' | 'string' | 'number' | 'operator' | '(' | ')' | ',' | 'end';

type Token = {
  kind: TokenKind;
  /** 1-based position of the token's first character. */
  position: number;
  /** The source text, for error messages. */
  raw: string;
  /** identifier: the part before the dot, when there is one. */
  prefix?: string;
  /** identifier: the key (unquoted); word: upper-cased keyword or bare name; string: unescaped value. */
  text: string;
  /** string: the quote character it was written with. */
  quote?: '"' | "'" | '`';
};

export type Identifier = {
  /** `metrics` in `metrics.acc`; undefined for a bare name such as `status`. */
  prefix?: string;
  key: string;
  position: number;
  raw: string;
};

export type Comparator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

export type Value =
  | { kind: 'string'; value: string; position: number; raw: string }
  | { kind: 'number'; value: number; position: number; raw: string }
  | { kind: 'list'; value: string[]; position: number; raw: string };

export type Comparison = {
  identifier: Identifier;
  comparator: Comparator;
  comparatorPosition: number;
  value: Value;
};

export type OrderClause = { identifier: Identifier; descending: boolean };

/** SQL operator of each scalar comparator (IN and NOT IN compile to = ANY / <> ALL). */
export const SQL_OPERATORS: Record<Exclude<Comparator, 'IN' | 'NOT IN'>, string> = {
  '=': '=',
  '!=': '<>',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
  LIKE: 'LIKE',
  ILIKE: 'ILIKE',
};

/** What a filter error says: BAD_USER_INPUT with the position in the message and in details. */
export function filterError(position: number, message: string, subject = 'filter'): never {
  throw badInput(`Invalid ${subject} at position ${position}: ${message}`, { position });
}

const KEYWORDS = new Set(['AND', 'OR', 'LIKE', 'ILIKE', 'IN', 'NOT', 'ASC', 'DESC']);
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
// Unquoted keys may contain dots (tags.mlflow.runName), dashes and slashes; anything
// else (spaces, quotes, operators) needs backticks or double quotes.
const UNQUOTED_KEY = /[A-Za-z0-9_.\-/]+/y;
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const OPERATOR = /!=|<>|==|>=|<=|=|<|>/y;

function matchAt(pattern: RegExp, source: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(source)?.[0];
}

/**
 * Reads a quoted string starting at `index` (the opening quote). A doubled quote or a
 * backslash before the quote stands for the quote itself, as in SQL and MLflow's client.
 */
function readQuoted(source: string, index: number, subject: string): { text: string; end: number } {
  const quote = source[index];
  let text = '';
  let i = index + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === quote) {
      if (source[i + 1] === quote) {
        text += quote;
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    if (c === '\\' && source[i + 1] === quote) {
      text += quote;
      i += 2;
      continue;
    }
    text += c;
    i++;
  }
  return filterError(index + 1, `unterminated string: the quote ${quote} opened here is never closed`, subject);
}

function tokenize(source: string, subject: string): Token[] {
  // PostgreSQL text cannot hold NUL, so no stored key or value has one: refuse it here rather
  // than let the database reject the query (found by tests/fuzz/search-filter.fuzz.test.ts).
  const nul = source.indexOf('\u0000');
  if (nul >= 0) filterError(nul + 1, 'NUL characters (\\u0000) are not allowed', subject);
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    const position = start + 1;
    if (c === "'" || c === '"' || c === '`') {
      const { text, end } = readQuoted(source, i, subject);
      i = end;
      // `metrics`.acc: a quoted entity type followed by a key.
      if (c === '`' && source[i] === '.') {
        const key = readKey(source, i + 1, text, subject);
        i = key.end;
        tokens.push({ kind: 'identifier', position, raw: source.slice(start, i), prefix: text, text: key.text });
        continue;
      }
      tokens.push({ kind: c === '`' ? 'identifier' : 'string', position, raw: source.slice(start, i), text, quote: c });
      continue;
    }
    const word = matchAt(WORD, source, i);
    if (word) {
      i += word.length;
      if (source[i] === '.') {
        const key = readKey(source, i + 1, word, subject);
        i = key.end;
        tokens.push({ kind: 'identifier', position, raw: source.slice(start, i), prefix: word, text: key.text });
        continue;
      }
      const upper = word.toUpperCase();
      tokens.push(
        KEYWORDS.has(upper)
          ? { kind: 'word', position, raw: word, text: upper }
          : { kind: 'identifier', position, raw: word, text: word },
      );
      continue;
    }
    const number = matchAt(NUMBER, source, i);
    if (number) {
      i += number.length;
      tokens.push({ kind: 'number', position, raw: number, text: number });
      continue;
    }
    const operator = matchAt(OPERATOR, source, i);
    if (operator) {
      i += operator.length;
      tokens.push({ kind: 'operator', position, raw: operator, text: operator });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      i++;
      tokens.push({ kind: c, position, raw: c, text: c });
      continue;
    }
    filterError(position, `unexpected character '${c}'`, subject);
  }
  tokens.push({ kind: 'end', position: source.length + 1, raw: '', text: '' });
  return tokens;
}

/** The key after `prefix.`: quoted with backticks or double quotes, or a run of key characters. */
function readKey(source: string, index: number, prefix: string, subject: string): { text: string; end: number } {
  const c = source[index];
  if (c === '`' || c === '"') {
    return readQuoted(source, index, subject);
  }
  const key = matchAt(UNQUOTED_KEY, source, index);
  if (!key) {
    return filterError(index + 1, `expected a key after '${prefix}.' (quote keys with spaces or symbols: ${prefix}.\`my key\`)`, subject);
  }
  return { text: key, end: index + key.length };
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end of the input' : `'${token.raw}'`;
}

class TokenStream {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    readonly subject: string,
  ) {}

  peek(): Token {
    return this.tokens[this.index];
  }

  next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index++;
    return token;
  }

  fail(token: Token, expected: string): never {
    return filterError(token.position, `expected ${expected}, found ${describe(token)}`, this.subject);
  }

  isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text === word;
  }
}

const IDENTIFIER_EXPECTED = 'an identifier such as metrics.<key>, params.<key>, tags.<key> or attributes.<name>';

function readIdentifier(stream: TokenStream, expected = IDENTIFIER_EXPECTED): Identifier {
  const token = stream.next();
  // A bare double-quoted name ("run name") is an identifier too, as in MLflow's sqlparse grammar.
  if (token.kind === 'identifier' || (token.kind === 'string' && token.quote === '"')) {
    return { prefix: token.prefix, key: token.text, position: token.position, raw: token.raw };
  }
  return stream.fail(token, expected);
}

function readComparator(stream: TokenStream): { comparator: Comparator; position: number } {
  const token = stream.next();
  const position = token.position;
  if (token.kind === 'operator') {
    if (token.text === '<>') filterError(position, "'<>' is not a comparator here; use !=", stream.subject);
    if (token.text === '==') filterError(position, "'==' is not a comparator here; use =", stream.subject);
    return { comparator: token.text as Comparator, position };
  }
  if (token.kind === 'word') {
    if (token.text === 'LIKE' || token.text === 'ILIKE' || token.text === 'IN') return { comparator: token.text, position };
    if (token.text === 'NOT') {
      const next = stream.next();
      if (next.kind === 'word' && next.text === 'IN') return { comparator: 'NOT IN', position };
      stream.fail(next, "IN after NOT");
    }
  }
  return stream.fail(token, 'a comparator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN or NOT IN)');
}

function readValue(stream: TokenStream): Value {
  const token = stream.next();
  if (token.kind === 'string' && token.quote !== '`') {
    return { kind: 'string', value: token.text, position: token.position, raw: token.raw };
  }
  if (token.kind === 'number') {
    return { kind: 'number', value: Number(token.text), position: token.position, raw: token.raw };
  }
  if (token.kind === '(') {
    const items: string[] = [];
    for (;;) {
      const item = stream.next();
      if (item.kind !== 'string' || item.quote === '`') stream.fail(item, 'a quoted string in the list');
      items.push(item.text);
      const separator = stream.next();
      if (separator.kind === ')') break;
      if (separator.kind !== ',') stream.fail(separator, "',' or ')'");
    }
    return { kind: 'list', value: items, position: token.position, raw: `(${items.length} values)` };
  }
  return stream.fail(token, "a value: a quoted string ('...'), a number or a list ('a', 'b')");
}

/** Parses `<identifier> <comparator> <value> [AND ...]`; an empty or blank filter has no comparisons. */
export function parseComparisons(filter: string, subject = 'filter'): Comparison[] {
  const stream = new TokenStream(tokenize(filter, subject), subject);
  const comparisons: Comparison[] = [];
  if (stream.peek().kind === 'end') return comparisons;
  for (;;) {
    const identifier = readIdentifier(stream);
    const { comparator, position: comparatorPosition } = readComparator(stream);
    const value = readValue(stream);
    comparisons.push({ identifier, comparator, comparatorPosition, value });
    const after = stream.next();
    if (after.kind === 'end') return comparisons;
    if (after.kind === 'word' && after.text === 'AND') continue;
    if (after.kind === 'word' && after.text === 'OR') {
      filterError(after.position, 'OR is not supported; combine conditions with AND', subject);
    }
    stream.fail(after, 'AND or the end of the filter');
  }
}

/** Parses one order_by clause: `<identifier> [ASC|DESC]`. */
export function parseOrderClause(clause: string, subject = 'order_by clause'): OrderClause {
  const stream = new TokenStream(tokenize(clause, subject), subject);
  const identifier = readIdentifier(stream, 'a column such as metrics.<key>, params.<key>, tags.<key> or an attribute');
  const hasDirection = stream.isWord('ASC') || stream.isWord('DESC');
  const descending = hasDirection && stream.next().text === 'DESC';
  const end = stream.next();
  if (end.kind !== 'end') stream.fail(end, hasDirection ? 'the end of the clause' : 'ASC, DESC or the end of the clause');
  return { identifier, descending };
}
