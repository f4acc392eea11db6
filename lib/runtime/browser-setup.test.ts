import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHROMIUM, planBrowserSetup, type BrowserSituation } from './browser-setup.ts';

const situation = (overrides: Partial<BrowserSituation>): BrowserSituation => ({
  configured: undefined,
  exists: () => false,
  isRoot: false,
  hasAptGet: true,
  hasSudo: true,
  ...overrides,
});

describe('planBrowserSetup', () => {
  it('goes on when the browser is there', () => {
    expect(planBrowserSetup(situation({ exists: (p) => p === DEFAULT_CHROMIUM }))).toEqual({ action: 'ready', path: DEFAULT_CHROMIUM });
    expect(planBrowserSetup(situation({ configured: '/opt/chrome', exists: (p) => p === '/opt/chrome' }))).toEqual({ action: 'ready', path: '/opt/chrome' });
  });

  it('installs it with apt-get as root', () => {
    expect(planBrowserSetup(situation({ isRoot: true }))).toEqual({
      action: 'install',
      path: DEFAULT_CHROMIUM,
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium'],
      ],
    });
  });

  it('otherwise stops at once with the exact command to run', () => {
    const withSudo = planBrowserSetup(situation({}));
    expect(withSudo).toMatchObject({ action: 'stop' });
    expect((withSudo as { message: string }).message).toContain('sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium');
    const noApt = planBrowserSetup(situation({ hasAptGet: false, isRoot: true }));
    expect((noApt as { message: string }).message).toContain('CAIRN_CHROMIUM=/path/to/chromium npm test');
    const wrongPath = planBrowserSetup(situation({ configured: '/nowhere/chromium', isRoot: true }));
    expect(wrongPath).toEqual({ action: 'stop', message: expect.stringContaining('CAIRN_CHROMIUM=/nowhere/chromium does not exist') });
  });

  it('scripts/ensure-browser.ts exits 1 with the message, before anything else runs', async () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, ['--import', 'tsx', 'scripts/ensure-browser.ts'], { cwd: root, env: { ...process.env, CAIRN_CHROMIUM: '/nowhere/chromium' } }, (error, _stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stderr }),
      ),
    );
    expect(result).toEqual({ code: 1, stderr: expect.stringContaining('CAIRN_CHROMIUM=/nowhere/chromium does not exist') });
  });
});
