// Concurrent reads of one run share one statement (getRun, the run page's getRunPage and
// runs/get's MLflow JSON), but a read that began before the run was last written in this
// process is not shared with a caller that comes after that write: it may not show the write
// (read-your-writes). The calls below start their statements synchronously, in order.
import { beforeAll, describe, expect, it } from 'vitest';
import { countQueries } from '../../../tests/helpers/count-queries.ts';
import { setupTestDatabase } from '../../../tests/helpers/database.ts';
import type { UserPrincipal } from '../../authz/index.ts';
import { db } from '../../db/client.ts';
import { publishEvent } from '../../events/publish-event.ts';
import { runTopic } from '../../events/topics.ts';
import { wireRunBody } from '../../http/mlflow/wire-run-sql.ts';
import { createProject } from '../projects/create-project.ts';
import { createRun } from './create-run.ts';
import { getRun } from './get-run.ts';
import { getRunPage } from './get-run-page.ts';

setupTestDatabase();

let alice: UserPrincipal;
let runId: string;

beforeAll(async () => {
  const user = await db.user.create({ data: { email: 'alice@example.com' } });
  const teamId = (await db.team.create({ data: { slug: 'a', name: 'A' } })).id;
  alice = { kind: 'user', userId: user.id, email: user.email, isInstanceAdmin: false, memberships: new Map([[teamId, 'MEMBER']]) };
  const project = await createProject(alice, { teamId, name: 'reads' });
  runId = (await createRun(alice, { projectId: project.id })).id;
});

const reads: Record<string, () => Promise<unknown>> = {
  getRun: () => getRun(alice, { runId }),
  getRunPage: () => getRunPage(alice, { runId, parts: new Set(['project', 'childIds']) }),
  'runs/get JSON': () => wireRunBody(runId),
};

describe.each(Object.entries(reads))('%s', (_, read) => {
  it('shares one statement among concurrent reads', async () => {
    expect(await countQueries(() => Promise.all([read(), read(), read()]))).toBe(1);
  });

  it('does not share a read that began before the run was written with a caller that came after', async () => {
    const statements = await countQueries(() => {
      const before = read();
      publishEvent(runTopic(runId)); // what every write of the run does once it has committed
      return Promise.all([before, read(), read()]);
    });
    expect(statements).toBe(2);
  });
});
