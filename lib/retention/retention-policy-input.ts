// What a retention policy may say, checked once for setting and for previewing a draft.
import { z } from 'zod';

export const MAX_KEEP_TOP_N = 10_000;
export const MAX_PURGE_AFTER_DAYS = 3650;

export const retentionPolicySchema = z
  .object({
    keepTopN: z
      .number({ message: 'keepTopN is required' })
      .int('keepTopN must be a whole number')
      .min(0, 'keepTopN must be 0 or more')
      .max(MAX_KEEP_TOP_N, `keepTopN must be at most ${MAX_KEEP_TOP_N}`),
    metricKey: z
      .string()
      .trim()
      .max(250, 'metricKey must be at most 250 characters')
      .nullish()
      .transform((key) => key || null),
    metricGoal: z.enum(['MAX', 'MIN'], { message: 'metricGoal must be MAX or MIN' }).nullish().transform((goal) => goal ?? 'MAX'),
    purgeAfterDays: z
      .number({ message: 'purgeAfterDays is required' })
      .int('purgeAfterDays must be a whole number of days')
      .min(0, 'purgeAfterDays must be 0 or more')
      .max(MAX_PURGE_AFTER_DAYS, `purgeAfterDays must be at most ${MAX_PURGE_AFTER_DAYS}`),
    enabled: z.boolean().nullish().transform((enabled) => enabled ?? true),
  })
  .refine((policy) => policy.keepTopN === 0 || policy.metricKey !== null, {
    message: 'Name the metric that ranks runs (metricKey) to keep the top runs',
    path: ['metricKey'],
  });

export type RetentionPolicyInput = z.input<typeof retentionPolicySchema>;
export type RetentionPolicyRule = z.output<typeof retentionPolicySchema>;
