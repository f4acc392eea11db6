// Run-scoped MLflow requests name the run as run_id or (older clients) run_uuid.
import { z } from 'zod';
import { requiredString } from '../wire.ts';

export function runIdSchema<T extends z.ZodRawShape>(shape: T) {
  return z.preprocess(
    (raw) => {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
      const body = raw as Record<string, unknown>;
      return body.run_id === undefined || body.run_id === '' ? { ...body, run_id: body.run_uuid } : body;
    },
    z.object({ run_id: requiredString('run_id'), ...shape }),
  );
}
