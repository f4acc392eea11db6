// MLflow's input rules for run data (mlflow/utils/validation.py): key names, value lengths,
// per-batch limits and metric shapes, with MLflow's wording. REST and GraphQL both reach
// them through logBatch/writeRunData, so a rule lives here and nowhere else.
import { badInput } from '../errors.ts';

export const MAX_METRICS_PER_BATCH = 1000;
export const MAX_PARAMS_TAGS_PER_BATCH = 100;
export const MAX_ENTITIES_PER_BATCH = 1000;
export const MAX_ENTITY_KEY_LENGTH = 250;
export const MAX_PARAM_VAL_LENGTH = 6000;
export const MAX_TAG_VAL_LENGTH = 5000;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Python's `\w` is Unicode-aware: letters, digits, underscore; plus MLflow's `/ . - space :`. */
const VALID_KEY = /^[/\p{L}\p{N}_.\- :]*$/u;

export const BAD_CHARACTERS_MESSAGE =
  'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).';

export type KeyValueInput = { key: string; value: string };
/** int64 fields arrive as numbers (REST), bigints (GraphQL) or digit strings. */
export type Int64Input = number | bigint | string;
export type MetricInput = { key: string; value: number; timestamp: Int64Input; step?: Int64Input | null };
export type RunDataInput = {
  metrics?: readonly MetricInput[] | null;
  params?: readonly KeyValueInput[] | null;
  tags?: readonly KeyValueInput[] | null;
};

export type ValidMetric = { key: string; value: number; timestamp: bigint; step: bigint };
/** Data that passed validateRunData: keys checked, int64 fields as bigint, step defaulted to 0. */
export type ValidRunData = { readonly metrics: ValidMetric[]; readonly params: KeyValueInput[]; readonly tags: KeyValueInput[] };

const validated = new WeakSet<object>();

/** True when `data` came out of validateRunData (so writers need not check it again). */
export function isValidRunData(data: unknown): data is ValidRunData {
  return typeof data === 'object' && data !== null && validated.has(data);
}

/** posixpath.normpath, as MLflow uses it to refuse keys that would resolve to another name. */
export function posixNormpath(name: string): string {
  if (name === '') return '.';
  const initialSlashes = name.startsWith('/') ? (name.startsWith('//') && !name.startsWith('///') ? 2 : 1) : 0;
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..' || (!initialSlashes && parts.length === 0) || parts.at(-1) === '..') parts.push(part);
    else if (parts.length) parts.pop();
  }
  const normalized = '/'.repeat(initialSlashes) + parts.join('/');
  return normalized || '.';
}

function pathNotUnique(name: string): boolean {
  const norm = posixNormpath(name);
  return norm !== name || norm === '.' || norm.startsWith('..') || norm.startsWith('/');
}

/** Python's repr of a string: single quotes unless the text holds one and no double quote. */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`).replaceAll('\n', '\\n');
  return `${quote}${escaped}${quote}`;
}

function invalidValue(path: string, value: unknown, message: string) {
  const shown = typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? String(value));
  return badInput(`Invalid value ${shown} for parameter '${path}' supplied: ${message}`);
}

/** Length in characters (code points), as Python's len(). */
function exceedsLength(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let count = 0;
  for (const _ of text) if (++count > limit) return true;
  return false;
}

function checkLength(path: string, text: string, limit: number): void {
  if (exceedsLength(text, limit)) throw badInput(`'${path}' exceeds the maximum length of ${limit} characters`);
}

/** MLflow's name rule for metric, param and tag keys. `path` names the field in errors. */
export function validateKey(key: unknown, path: string): asserts key is string {
  if (key === undefined || key === null) throw badInput(`Missing value for required parameter '${path}'.`);
  if (typeof key !== 'string') throw invalidValue(path, key, 'Expected a string.');
  if (!VALID_KEY.test(key)) throw invalidValue(path, key, BAD_CHARACTERS_MESSAGE);
  if (pathNotUnique(key)) {
    throw invalidValue(
      path,
      key,
      `Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to ${pyRepr(posixNormpath(key))}`,
    );
  }
  checkLength(path, key, MAX_ENTITY_KEY_LENGTH);
}

function checkBatchLimit(entityName: string, limit: number, length: number): void {
  if (length > limit) {
    throw badInput(
      `A batch logging request can contain at most ${limit} ${entityName}. Got ${length} ${entityName}. ` +
        `Please split up ${entityName} across multiple requests and try again.`,
    );
  }
}

/** The per-request limits (MLflow's _validate_batch_log_limits). */
export function validateBatchLimits(metrics: number, params: number, tags: number): void {
  checkBatchLimit('metrics', MAX_METRICS_PER_BATCH, metrics);
  checkBatchLimit('params', MAX_PARAMS_TAGS_PER_BATCH, params);
  checkBatchLimit('tags', MAX_PARAMS_TAGS_PER_BATCH, tags);
  checkBatchLimit('metrics, params, and tags', MAX_ENTITIES_PER_BATCH, metrics + params + tags);
}

/** An int64 from a number, bigint or digit string; undefined when it is not one. */
export function toInt64(value: unknown): bigint | undefined {
  let result: bigint;
  if (typeof value === 'bigint') result = value;
  else if (typeof value === 'number' && Number.isInteger(value)) result = BigInt(value);
  else if (typeof value === 'string' && /^\s*-?\d{1,19}\s*$/.test(value)) result = BigInt(value.trim());
  else return undefined;
  return result >= INT64_MIN && result <= INT64_MAX ? result : undefined;
}

function validateMetric(metric: MetricInput, path: string, validKeys: Set<string>): ValidMetric {
  if (!metric || typeof metric !== 'object') throw badInput(`Missing value for required parameter '${path}'.`);
  const { key, value, timestamp } = metric;
  // A batch repeats a few keys many times (10 metrics x 100 steps): check each key once.
  if (!validKeys.has(key)) {
    validateKey(key, `${path}.name`);
    validKeys.add(key);
  }
  if (value === undefined || value === null) throw badInput(`Missing value for required parameter '${path}.value'.`);
  // NaN and ±Infinity are valid doubles; booleans and strings are not.
  if (typeof value !== 'number') {
    throw invalidValue(`${path}.value`, value, `(timestamp=${String(timestamp)}). Please specify value as a valid double (64-bit floating point)`);
  }
  if (timestamp === undefined || timestamp === null) throw badInput(`Missing value for required parameter '${path}.timestamp'.`);
  const ts = toInt64(timestamp);
  if (ts === undefined || ts < 0n) {
    throw invalidValue(
      `${path}.timestamp`,
      timestamp,
      `metric '${key}' (value=${value}). Timestamp must be a nonnegative long (64-bit integer) `,
    );
  }
  const step = metric.step === undefined || metric.step === null ? 0n : toInt64(metric.step);
  if (step === undefined) {
    throw invalidValue(`${path}.step`, metric.step, `metric '${key}' (value=${value}). Step must be a valid long (64-bit integer).`);
  }
  return { key, value, timestamp: ts, step };
}

function validateKeyValue(entry: KeyValueInput, path: string, maxValueLength: number): KeyValueInput {
  if (!entry || typeof entry !== 'object') throw badInput(`Missing value for required parameter '${path}'.`);
  validateKey(entry.key, `${path}.key`);
  const value = entry.value ?? '';
  if (typeof value !== 'string') throw invalidValue(`${path}.value`, value, 'Expected a string.');
  checkLength(`${path}.value`, value, maxValueLength);
  return { key: entry.key, value };
}

/** A param repeated with the same value is one param; with another value it is an error. */
function uniqueParams(params: KeyValueInput[]): KeyValueInput[] {
  const byKey = new Map<string, string>();
  const conflicting: string[] = [];
  for (const { key, value } of params) {
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, value);
    else if (seen !== value && !conflicting.includes(key)) conflicting.push(key);
  }
  if (conflicting.length) {
    throw badInput(
      `Duplicate parameter keys have been submitted: [${conflicting.map(pyRepr).join(', ')}]. ` +
        'Please ensure the request contains only one param value per param key.',
    );
  }
  return byKey.size === params.length ? params : [...byKey].map(([key, value]) => ({ key, value }));
}

/** Tags are last-write-wins, within a batch too. */
function lastTagPerKey(tags: KeyValueInput[]): KeyValueInput[] {
  const byKey = new Map(tags.map((tag) => [tag.key, tag.value]));
  return byKey.size === tags.length ? tags : [...byKey].map(([key, value]) => ({ key, value }));
}

/**
 * Checks a batch of run data against MLflow's rules and returns it normalised. Throws
 * BAD_USER_INPUT (MLflow's INVALID_PARAMETER_VALUE) on the first problem, before anything
 * is written.
 */
export function validateRunData(data: RunDataInput): ValidRunData {
  if (isValidRunData(data)) return data;
  const metrics = data.metrics ?? [];
  const params = data.params ?? [];
  const tags = data.tags ?? [];
  validateBatchLimits(metrics.length, params.length, tags.length);
  const validKeys = new Set<string>();
  const result: ValidRunData = {
    metrics: metrics.map((metric, i) => validateMetric(metric, `metrics[${i}]`, validKeys)),
    params: uniqueParams(params.map((param, i) => validateKeyValue(param, `params[${i}]`, MAX_PARAM_VAL_LENGTH))),
    tags: lastTagPerKey(tags.map((tag, i) => validateKeyValue(tag, `tags[${i}]`, MAX_TAG_VAL_LENGTH))),
  };
  validated.add(result);
  return result;
}
