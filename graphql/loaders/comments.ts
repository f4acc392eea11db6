// Comment counts of runs, one query for a page of runs (the runs table's column). Keys are
// runs the caller already read; the resolver checks it may read their comments.
import DataLoader from 'dataloader';
import { countComments } from '../../lib/comments/count-comments.ts';

export type CountedTarget = { teamId: string; id: string };

export function createCommentCountLoader() {
  return new DataLoader<CountedTarget, number, string>(
    async (runs) => {
      const counts = await countComments('RUN', runs);
      return runs.map((run) => counts.get(run.id) ?? 0);
    },
    { cacheKeyFn: (run) => run.id },
  );
}
