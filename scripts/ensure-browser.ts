// `npm test` runs this first (npm's pretest): see lib/runtime/browser-setup.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { planBrowserSetup } from '../lib/runtime/browser-setup.ts';

const onPath = (command: string) => (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));

const plan = planBrowserSetup({
  configured: process.env.CAIRN_CHROMIUM,
  exists: (file) => fs.existsSync(file),
  isRoot: process.getuid?.() === 0,
  hasAptGet: onPath('apt-get'),
  hasSudo: onPath('sudo'),
});

if (plan.action === 'stop') {
  console.error(plan.message);
  process.exit(1);
}
if (plan.action === 'install') {
  console.error(`Chromium is missing: installing it (${plan.commands.map((c) => c.join(' ')).join(' && ')})`);
  for (const command of plan.commands) {
    const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) {
      console.error(`\`${command.join(' ')}\` failed (exit ${result.status}). Install Chromium yourself, then run npm test again.`);
      process.exit(1);
    }
  }
  if (!fs.existsSync(plan.path)) {
    console.error(`Installed the chromium package, but ${plan.path} is still missing: set CAIRN_CHROMIUM to the browser's path.`);
    process.exit(1);
  }
}
