// Input rules shared by the project use cases (MLflow experiment names and tags).
import { z } from 'zod';
import { alreadyExists, isUniqueViolation } from '../../errors.ts';

export const MAX_PROJECT_NAME_LENGTH = 500;
export const MAX_PROJECT_TAG_KEY_LENGTH = 250;
export const MAX_PROJECT_TAG_VALUE_LENGTH = 5000;
export const MAX_ARTIFACT_LOCATION_LENGTH = 2048;

export const projectNameSchema = z
  .string()
  .trim()
  .min(1, 'Experiment name must not be empty')
  .max(MAX_PROJECT_NAME_LENGTH, `Experiment name must be at most ${MAX_PROJECT_NAME_LENGTH} characters`);

export const projectTagSchema = z.object({
  key: z
    .string()
    .min(1, 'Tag key must not be empty')
    .max(MAX_PROJECT_TAG_KEY_LENGTH, `Tag key must be at most ${MAX_PROJECT_TAG_KEY_LENGTH} characters`),
  value: z
    .string()
    .max(MAX_PROJECT_TAG_VALUE_LENGTH, `Tag value must be at most ${MAX_PROJECT_TAG_VALUE_LENGTH} characters`)
    .default(''),
});

/** A write's unique-name violation as MLflow words it (RESOURCE_ALREADY_EXISTS); other errors as they are. */
export function projectNameConflict(error: unknown, name: string | undefined): unknown {
  return isUniqueViolation(error) ? alreadyExists(`Experiment(name=${name}) already exists`) : error;
}
