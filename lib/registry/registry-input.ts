// The model registry's input rules, with MLflow's wording (mlflow/utils/validation.py,
// model_version_stages.py): model names, version numbers, stage names, alias names, tag keys
// and values. REST and GraphQL reach them through the use cases, so each rule lives here once.
import { z } from 'zod';
import type { ModelStage } from '../db/client.ts';
import { badInput } from '../errors.ts';
import { BAD_CHARACTERS_MESSAGE, posixNormpath, pyRepr } from '../tracking/validation.ts';

export const MAX_MODEL_NAME_LENGTH = 256;
export const MAX_REGISTRY_TAG_KEY_LENGTH = 250;
export const MAX_REGISTRY_TAG_VALUE_LENGTH = 100_000;
export const MAX_ALIAS_LENGTH = 255;
export const MAX_DESCRIPTION_LENGTH = 50_000;
export const MAX_COMMENT_LENGTH = 5_000;
export const MAX_SOURCE_LENGTH = 2_048;

const missing = (field: string) => `Missing value for required parameter '${field}'.`;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A registered model name: non-empty (MLflow's only rule), at most 256 characters, no control characters. */
export function checkModelName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name === '') throw badInput(missing(field));
  if (name.length > MAX_MODEL_NAME_LENGTH) throw badInput(`'${field}' exceeds the maximum length of ${MAX_MODEL_NAME_LENGTH} characters`);
  if (CONTROL.test(name)) throw badInput(`Invalid value for parameter '${field}': control characters are not allowed in model names`);
  return name;
}

export const modelNameSchema = z.string().transform((name) => checkModelName(name));

/** A version number as MLflow parses it (`int(version)`): "3", 3, " 3 "; anything else is INVALID_PARAMETER_VALUE. */
export function parseVersionNumber(version: unknown, field = 'version'): number {
  if (version === undefined || version === null || version === '') throw badInput(missing(field));
  const text = String(version).trim();
  if (!/^[+-]?\d{1,15}$/.test(text)) throw badInput(`Parameter '${field}' must be an integer, got '${String(version)}'.`);
  return Number(text);
}

const STAGES: Record<string, ModelStage> = { none: 'NONE', staging: 'STAGING', production: 'PRODUCTION', archived: 'ARCHIVED' };
const STAGE_NAMES: Record<ModelStage, string> = { NONE: 'None', STAGING: 'Staging', PRODUCTION: 'Production', ARCHIVED: 'Archived' };

/** MLflow's canonical stage for a name in any case ("production" -> PRODUCTION). */
export function parseStage(stage: unknown): ModelStage {
  if (typeof stage !== 'string' || stage === '') throw badInput(missing('stage'));
  const canonical = STAGES[stage.toLowerCase()] ?? (stage in STAGE_NAMES ? (stage as ModelStage) : undefined);
  if (!canonical) throw badInput(`Invalid Model Version stage: ${stage}. Value must be one of None, Staging, Production, Archived.`);
  return canonical;
}

/** The stage as MLflow names it on the wire and in messages ("Production"). */
export const stageName = (stage: ModelStage): string => STAGE_NAMES[stage];

/** Stages archive_existing_versions applies to (MLflow's DEFAULT_STAGES_FOR_GET_LATEST_VERSIONS). */
export const ACTIVE_STAGES: readonly ModelStage[] = ['STAGING', 'PRODUCTION'];

const ALIAS = /^[\p{L}\p{N}_-]*$/u;

/**
 * An alias name: MLflow's characters and length, neither 'latest' nor a version in disguise:
 * MLflow reserves `v3`/`V3`; Cairn also refuses a bare number such as `3`, which reads as a
 * version everywhere an alias is shown next to one (models:/name/3 vs models:/name@3).
 */
export function checkAlias(alias: unknown, options: { forSetting?: boolean } = {}): string {
  if (typeof alias !== 'string' || alias === '') throw badInput('Registered model alias name cannot be empty.');
  if (!ALIAS.test(alias)) throw badInput(`Invalid alias name: '${alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`);
  if (alias.length > MAX_ALIAS_LENGTH) throw badInput(`'Registered model alias name' exceeds the maximum length of ${MAX_ALIAS_LENGTH} characters`);
  if (options.forSetting) {
    if (alias.toLowerCase() === 'latest') throw badInput("'latest' alias name (case insensitive) is reserved.");
    if (/^[vV]?\d+$/.test(alias)) throw badInput(`Version alias name '${alias}' is reserved.`);
  }
  return alias;
}

/** A registry tag: MLflow's key rules (as run tags) and the registry's longer value limit. */
export function checkRegistryTag(key: unknown, value: unknown, path = 'key'): { key: string; value: string } {
  if (typeof key !== 'string' || key === '') throw badInput(missing(path));
  if (!/^[/\p{L}\p{N}_.\- :]*$/u.test(key)) {
    throw badInput(`Invalid value ${JSON.stringify(key)} for parameter '${path}' supplied: ${BAD_CHARACTERS_MESSAGE}`);
  }
  const norm = posixNormpath(key);
  if (norm !== key || norm === '.' || norm.startsWith('..') || norm.startsWith('/')) {
    throw badInput(
      `Invalid value ${JSON.stringify(key)} for parameter '${path}' supplied: Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to ${pyRepr(norm)}`,
    );
  }
  if (key.length > MAX_REGISTRY_TAG_KEY_LENGTH) throw badInput(`'key' exceeds the maximum length of ${MAX_REGISTRY_TAG_KEY_LENGTH} characters`);
  const text = value === undefined || value === null ? '' : String(value);
  if (text.length > MAX_REGISTRY_TAG_VALUE_LENGTH) throw badInput(`'value' exceeds the maximum length of ${MAX_REGISTRY_TAG_VALUE_LENGTH} characters`);
  return { key, value: text };
}

/** Tags given at creation: each checked, the last value of a repeated key wins (as MLflow). */
export function checkRegistryTags(tags: readonly { key: string; value?: string | null }[] | null | undefined): { key: string; value: string }[] {
  const byKey = new Map<string, string>();
  for (const [i, tag] of (tags ?? []).entries()) {
    const checked = checkRegistryTag(tag.key, tag.value, `tags[${i}].key`);
    byKey.set(checked.key, checked.value);
  }
  return [...byKey].map(([key, value]) => ({ key, value }));
}

/** An optional free text (description, comment) within `max` characters; blank becomes null. */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (value.length > max) throw badInput(`'${field}' exceeds the maximum length of ${max} characters`);
  return value.trim() === '' ? null : value;
}
