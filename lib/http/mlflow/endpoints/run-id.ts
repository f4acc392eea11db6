// Run-scoped MLflow requests name the run as run_id or (older clients) run_uuid.
import { z } from 'zod';
import type { Principal } from '../../../authz/index.ts';
import { endpoint } from '../endpoint.ts';
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

/** A POST on one run that answers with MLflow's empty response message. */
export function runCommand<T extends z.ZodRawShape>(
  path: string,
  shape: T,
  action: (principal: Principal, runId: string, input: z.output<z.ZodObject<T>>) => Promise<unknown>,
) {
  return endpoint({
    method: 'POST',
    path,
    schema: runIdSchema(shape),
    async handle(ctx, input) {
      const { run_id, ...rest } = input as { run_id: string } & Record<string, unknown>;
      await action(ctx.principal, run_id, rest as z.output<z.ZodObject<T>>);
      return {};
    },
  });
}
