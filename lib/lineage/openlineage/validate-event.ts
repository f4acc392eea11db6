// OpenLineage events are checked against the specification's own JSON Schema (OpenLineage.json,
// vendored unchanged) with Ajv, the standard JSON Schema validator, rather than by hand: a
// run, job or dataset event, with the required fields, a UUID runId, a known eventType and
// facets that carry _producer and _schemaURL. One leniency, as Marquez: an eventTime without a
// time zone (older Python clients send them) is read as UTC.
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { badInput } from '../../errors.ts';
import schema from './OpenLineage.json' with { type: 'json' };

export type OlDataset = {
  namespace: string;
  name: string;
  facets?: Record<string, unknown>;
  inputFacets?: Record<string, unknown>;
  outputFacets?: Record<string, unknown>;
};
export type OlJob = { namespace: string; name: string; facets?: Record<string, unknown> };
export type OlEvent = {
  eventTime: string;
  producer: string;
  schemaURL: string;
  eventType?: 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';
  run?: { runId: string; facets?: Record<string, unknown> };
  job?: OlJob;
  dataset?: OlDataset;
  inputs?: OlDataset[];
  outputs?: OlDataset[];
};

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$/;

const ajv = new Ajv2020({ allErrors: true, strict: false });
// ajv-formats is CommonJS: its function is the module itself or its default, depending on the loader.
const formats = (addFormats as unknown as { default?: (a: typeof ajv) => void }).default ?? (addFormats as unknown as (a: typeof ajv) => void);
formats(ajv);
ajv.addFormat('date-time', { type: 'string', validate: (value: string) => ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T'))) });
const validate = ajv.compile(schema);

/** The errors of the kind of event it means to be (oneOf alone only says "no branch matched"). */
function describe(event: unknown): string[] {
  const body = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
  const branch = 'run' in body ? 'RunEvent' : 'job' in body ? 'JobEvent' : 'DatasetEvent';
  const check = ajv.getSchema(`${schema.$id}#/$defs/${branch}`)!;
  check(event);
  const errors: ErrorObject[] = check.errors ?? validate.errors ?? [];
  const leaves = errors.filter((e) => !['oneOf', 'not', 'allOf', 'anyOf'].includes(e.keyword));
  const shown = (leaves.length ? leaves : errors).map(
    (e) => `${e.instancePath || '/'} ${e.message}${e.keyword === 'enum' ? `: ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')}` : ''}`,
  );
  if (shown.length === 0) shown.push('/ is not a run, job or dataset event of the specification');
  return [...new Set(shown)].slice(0, 10);
}

/** The event, or BAD_USER_INPUT listing what the specification's schema refused. */
export function validateOpenLineageEvent(event: unknown): OlEvent {
  if (validate(event)) return event as OlEvent;
  const problems = describe(event);
  throw badInput(`Not a valid OpenLineage event (spec ${String(schema.$id)}): ${problems.join('; ')}`, { problems });
}

/** The event time as PostgreSQL reads it (UTC when no zone was given). */
export function eventTimestamp(eventTime: string): string {
  const normalized = eventTime.replace(' ', 'T');
  return /([Zz]|[+-]\d{2}(:?\d{2})?)$/.test(normalized) ? normalized : `${normalized}Z`;
}
