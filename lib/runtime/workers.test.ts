// The worker pool with real processes (tests/helpers/worker-pool-fixture.ts): the workers share
// one port, a worker that dies is replaced, and stopping the primary stops every worker.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { isProcessAlive } from './process-alive.ts';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'tests', 'helpers', 'worker-pool-fixture.ts');

/**
 * The pids of the workers that answered. A request may be lost with the worker that is dying
 * (the primary can hand it the connection just before it exits): after 5 s it counts as no
 * answer, where fetch would wait minutes and time the test out.
 */
async function pidsAnswering(port: number, requests: number): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < requests; i++) {
    const pid = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5_000) })
      .then(async (response) => Number(await response.text()))
      .catch(() => undefined);
    if (pid !== undefined) pids.add(pid);
  }
  return pids;
}

it('serves one port from several processes, replaces a dead one, and stops them all', async () => {
  const primary = spawn(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, FIXTURE_WORKERS: '2' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  primary.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => primary.once('exit', resolve));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready: ${output}`)), 60_000);
      primary.stdout!.on('data', () => {
        const match = /READY (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    const first = await pidsAnswering(port, 20);
    expect(first.size).toBe(2);

    await fetch(`http://127.0.0.1:${port}/exit`).catch(() => undefined); // that worker dies mid-request
    let now = new Set<number>();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      now = await pidsAnswering(port, 20);
      if (now.size === 2 && [...now].some((pid) => !first.has(pid))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(now.size).toBe(2);
    expect([...now].filter((pid) => !first.has(pid))).toHaveLength(1);
    expect(output).toMatch(/exited \(code 3\); starting another/);

    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of now) expect(isProcessAlive(pid)).toBe(false);
  } finally {
    primary.kill('SIGKILL');
  }
}, 120_000);
