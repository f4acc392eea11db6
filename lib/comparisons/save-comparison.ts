// Save a comparison: a fixed set of the team's runs and the compare view's state (layout,
// switches, metric directions, chart panels: compareStateSchema), under a name, so the team
// can discuss it and a share link can name exactly it.
import { z } from 'zod';
import { actorUserId, authorize, type Principal } from '../authz/index.ts';
import { db } from '../db/client.ts';
import { notFound } from '../errors.ts';
import { isRunId } from '../tracking/runs/load-run-for.ts';
import { compareStateSchema } from '../tracking/runs-table/view-shapes.ts';
import { parseInput } from '../validation/parse-input.ts';
import { comparisonInclude, toComparisonView, type ComparisonView } from './comparison-view.ts';

export const MAX_SAVED_RUNS = 100;
const MAX_VIEW_BYTES = 8_000;

const input = z.object({
  teamId: z.string().trim().min(1, 'teamId is required').max(100),
  name: z.string().trim().min(1, 'Give the comparison a name').max(200, 'A name has at most 200 characters'),
  runIds: z
    .array(z.string().max(64))
    .max(MAX_SAVED_RUNS * 2, `A comparison has at most ${MAX_SAVED_RUNS} runs`)
    .transform((ids) => [...new Set(ids)])
    .pipe(
      z
        .array(z.string())
        .min(2, 'A comparison needs at least two different runs')
        .max(MAX_SAVED_RUNS, `A comparison has at most ${MAX_SAVED_RUNS} runs`),
    ),
  view: z
    ._default(compareStateSchema, compareStateSchema.parse({}))
    .refine((view) => JSON.stringify(view).length <= MAX_VIEW_BYTES, `The view state is larger than ${MAX_VIEW_BYTES} bytes`),
});

export async function saveComparison(principal: Principal, rawInput: z.input<typeof input>): Promise<ComparisonView> {
  const { teamId, name, runIds, view } = parseInput(input, rawInput);
  authorize(principal, 'comparison:write', teamId);
  const found = new Set(
    (await db.run.findMany({ where: { id: { in: runIds.filter(isRunId) }, teamId }, select: { id: true } })).map((run) => run.id),
  );
  // A run of another team (or none) is missing, like everywhere else.
  const missing = runIds.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound('Run', missing);
  const row = await db.comparison.create({
    data: {
      teamId,
      name,
      view,
      createdById: actorUserId(principal),
      runs: { create: runIds.map((runId, position) => ({ runId, position })) },
    },
    include: comparisonInclude,
  });
  return toComparisonView(row);
}
