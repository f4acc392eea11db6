// Users by id. Only ids taken from rows the caller was already allowed to read (a
// membership, a token, a project's creator, a run's author) reach this loader.
import DataLoader from 'dataloader';
import { db } from '../../lib/db/client.ts';
import type { ViewerModel } from '../mappers.ts';
import { oneByKey } from './batch.ts';

export function createUserLoader() {
  return new DataLoader<string, ViewerModel | null>(async (ids) => {
    const rows = await db.user.findMany({
      where: { id: { in: [...ids] } },
      select: { id: true, email: true, name: true, isInstanceAdmin: true },
    });
    return oneByKey(ids, rows, (row) => row.id);
  });
}
