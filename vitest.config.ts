import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
// In-process tests store artifacts under CAIRN_DATA_DIR: keep them out of the checkout's .cairn.
const testDataDir = process.env.CAIRN_TEST_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-vitest-'));
process.env.CAIRN_TEST_DATA_DIR = testDataDir;
fs.chmodSync(testDataDir, 0o755);

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    environment: 'node',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.cairn/**', 'bench/out/**'],
    globalSetup: [path.join(root, 'tests/global-setup.ts')],
    pool: 'forks',
    maxWorkers: 2, // the machine has 2 cores; the server processes of server-mode tests need CPU too
    testTimeout: 30_000,
    hookTimeout: 180_000, // server mode starts a built Next server per file
    // next-auth imports 'next/server' without an extension, which Node's ESM loader can't
    // resolve outside Next's bundler; inline it so tests may load lib/identity/auth.ts.
    server: { deps: { inline: ['next-auth'] } },
    env: {
      CAIRN_DATA_DIR: testDataDir,
      CAIRN_BCRYPT_COST: '4', // test servers hash quickly; production keeps cost 12
      AUTH_SECRET: 'cairn-test-only-secret-0123456789abcdef0123456789abcdef',
      AUTH_TRUST_HOST: 'true',
    },
  },
});
