// One Cairn per data dir: the embedded cluster, the auth secret and local artifacts must
// not be shared by two servers. proper-lockfile keeps `<dataDir>/lock` fresh while we live;
// beside it `owner.pid` lets a restart right after a crash (SIGKILL) take over at once
// instead of waiting for the lock to go stale.
import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { isProcessAlive } from './process-alive.ts';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number | null,
  ) {
    super(
      `Another Cairn is already running on the data dir ${dataDir}` +
        (ownerPid ? ` (pid ${ownerPid})` : '') +
        '. Stop it first, or give this one its own CAIRN_DATA_DIR.',
    );
  }
}

export type DataDirLock = { release(): Promise<void> };

export async function lockDataDir(dataDir: string, log: (message: string) => void = () => undefined): Promise<DataDirLock> {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockfilePath = path.join(dataDir, 'lock');
  const pidFile = path.join(dataDir, 'owner.pid');
  const options = {
    lockfilePath,
    realpath: false,
    stale: 10_000,
    onCompromised: (error: Error) => log(`Warning: the lock on ${dataDir} was compromised: ${error.message}`),
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = readPid(pidFile);
    if (owner === null || owner === process.pid || isProcessAlive(owner)) throw new DataDirLockedError(dataDir, owner);
    // The owner died without releasing the lock: take it over.
    fs.rmSync(lockfilePath, { recursive: true, force: true });
    try {
      release = await lockfile.lock(dataDir, options);
    } catch {
      throw new DataDirLockedError(dataDir, readPid(pidFile));
    }
  }
  fs.writeFileSync(pidFile, `${process.pid}\n`);
  return {
    async release() {
      if (readPid(pidFile) === process.pid) fs.rmSync(pidFile, { force: true });
      await release().catch(() => undefined);
    },
  };
}

function readPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

