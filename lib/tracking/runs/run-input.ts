// The run-name rule createRun and updateRun share. Tag keys, values and counts follow the
// run-data rules in lib/tracking/validation.ts (one rule in one place).
import { z } from 'zod';

export const MAX_RUN_NAME_LENGTH = 250;

export const runNameSchema = z.string().max(MAX_RUN_NAME_LENGTH, `Run name must be at most ${MAX_RUN_NAME_LENGTH} characters`);
