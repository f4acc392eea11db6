// Input rules for run names and the tags createRun writes itself. Limits and the key
// rule are MLflow's (lib/tracking/validation.ts holds the shared ones for log-batch).
import { z } from 'zod';
import { badInput } from '../../errors.ts';

export const MAX_RUN_NAME_LENGTH = 250;
export const MAX_TAG_KEY_LENGTH = 250;
export const MAX_TAG_VALUE_LENGTH = 5000;
export const MAX_TAGS_PER_REQUEST = 100;

export const runNameSchema = z.string().max(MAX_RUN_NAME_LENGTH, `Run name must be at most ${MAX_RUN_NAME_LENGTH} characters`);

const validKey = /^[/\w.\- :]*$/;

export function checkTagKey(key: string): void {
  if (!key) throw badInput("Missing value for required parameter 'key'");
  if (key.length > MAX_TAG_KEY_LENGTH) {
    throw badInput(`Tag key '${key.slice(0, 32)}...' had length ${key.length}, which exceeded length limit of ${MAX_TAG_KEY_LENGTH}`);
  }
  if (!validKey.test(key)) {
    throw badInput(
      `Invalid tag name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).`,
    );
  }
  if (key.startsWith('/') || key.split('/').some((part) => part === '..' || part === '.')) {
    throw badInput(`Invalid tag name: '${key}'. Names cannot contain '..' segments or start with '/'.`);
  }
}

export function checkRunTags(tags: readonly { key: string; value: string }[]): void {
  if (tags.length > MAX_TAGS_PER_REQUEST) {
    throw badInput(`A run may be created with at most ${MAX_TAGS_PER_REQUEST} tags, got ${tags.length}`);
  }
  for (const { key, value } of tags) {
    checkTagKey(key);
    if (value.length > MAX_TAG_VALUE_LENGTH) {
      throw badInput(`Tag value for '${key}' had length ${value.length}, which exceeded length limit of ${MAX_TAG_VALUE_LENGTH}`);
    }
  }
}
