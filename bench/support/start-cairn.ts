// A built Cairn (scripts/start.ts in production, through the tests' startServer) on a free port
// with a throwaway data dir and open sign-up: what the browser benches open. Unlike the tests,
// it builds first when the checkout's build is stale (which can take minutes).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type StartedServer } from '../../tests/helpers/server-process.ts';

export type RunningCairn = { baseURL: string; child: StartedServer['child']; stop(): Promise<void> };

/** Starts the checkout at `root` (this one by default). */
export async function startCairn(root?: string): Promise<RunningCairn> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-ui-'));
  fs.chmodSync(dataDir, 0o755);
  const server = await startServer({ CAIRN_DATA_DIR: dataDir, CAIRN_SIGNUP: 'open', CAIRN_SKIP_BUILD: '0' }, { root, readyWithinMs: 900_000 });
  return {
    baseURL: server.baseUrl,
    child: server.child,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
