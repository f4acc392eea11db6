// End-to-end tests in Debian's chromium against `scripts/start.ts` on a fresh data dir
// (embedded PostgreSQL, unless DATABASE_URL is set), built first when the build is stale.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.CAIRN_E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
// The config is loaded by the runner and by every worker: create the data dir once.
// 755, not mkdtemp's 700, so that (as root) user postgres keeps the cluster inside it.
if (!process.env.CAIRN_E2E_DATA_DIR) {
  process.env.CAIRN_E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-'));
  fs.chmodSync(process.env.CAIRN_E2E_DATA_DIR, 0o755);
}

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: path.join(os.tmpdir(), `cairn-e2e-results-${PORT}`),
  use: {
    baseURL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CAIRN_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: 'node --import tsx scripts/start.ts',
    cwd: import.meta.dirname,
    // Open sign-up: each spec signs up its own people in any order (invite-only sign-up is
    // covered by the integration tests; the invite link flow still runs here).
    env: { PORT: String(PORT), CAIRN_DATA_DIR: process.env.CAIRN_E2E_DATA_DIR, CAIRN_SIGNUP: 'open' },
    url: `${baseURL}/api/health`,
    wait: { stdout: /Cairn is ready on/ },
    reuseExistingServer: false,
    timeout: 600_000, // includes `next build` when the build is missing or stale
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
  },
});
