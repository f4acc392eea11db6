import { z } from 'zod';

/** READ or WRITE; the CLI's `read`/`write` are accepted too. */
export const tokenScopeSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.toUpperCase() : value),
  z.enum(['READ', 'WRITE'], { message: 'Scope must be READ or WRITE' }),
);
