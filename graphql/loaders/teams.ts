// Teams by id, limited to the teams the caller can read: any other id loads as null.
import DataLoader from 'dataloader';
import { readableTeamIds, type Principal } from '../../lib/authz/index.ts';
import { db } from '../../lib/db/client.ts';
import type { TeamModel } from '../mappers.ts';
import { oneByKey } from './batch.ts';

export function createTeamLoader(principal: Principal) {
  return new DataLoader<string, TeamModel | null>(async (ids) => {
    const readable = new Set(readableTeamIds(principal));
    const wanted = ids.filter((id) => readable.has(id));
    const rows = wanted.length
      ? await db.team.findMany({
          where: { id: { in: wanted } },
          select: { id: true, slug: true, name: true, createdAt: true },
        })
      : [];
    return oneByKey(ids, rows, (row) => row.id);
  });
}
