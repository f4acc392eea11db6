// Before `npm test`: the end-to-end tests need Chromium, and finding out after minutes of
// typecheck, build and unit tests that it is missing wastes the run. So npm test starts here:
// Chromium present, go on; missing but installable (root with apt-get), install it; otherwise
// stop at once with the exact command that fixes it.
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export type BrowserSituation = {
  /** CAIRN_CHROMIUM, when set. */
  configured: string | undefined;
  exists: (path: string) => boolean;
  isRoot: boolean;
  hasAptGet: boolean;
  hasSudo: boolean;
};

export type BrowserPlan =
  | { action: 'ready'; path: string }
  | { action: 'install'; commands: string[][]; path: string }
  | { action: 'stop'; message: string };

const APT_INSTALL = ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium'];

export function planBrowserSetup(situation: BrowserSituation): BrowserPlan {
  const path = situation.configured || DEFAULT_CHROMIUM;
  if (situation.exists(path)) return { action: 'ready', path };
  if (situation.configured && situation.configured !== DEFAULT_CHROMIUM) {
    return {
      action: 'stop',
      message: `CAIRN_CHROMIUM=${situation.configured} does not exist. Point it at a Chromium binary, or unset it to use ${DEFAULT_CHROMIUM}.`,
    };
  }
  if (situation.hasAptGet && situation.isRoot) return { action: 'install', commands: [['apt-get', 'update'], APT_INSTALL], path };
  const fix = situation.hasAptGet
    ? `${situation.hasSudo ? 'sudo ' : ''}apt-get update && ${situation.hasSudo ? 'sudo ' : ''}${APT_INSTALL.join(' ')}`
    : `install Chromium with your system's package manager, then run: CAIRN_CHROMIUM=/path/to/chromium npm test`;
  return {
    action: 'stop',
    message: `The end-to-end tests need Chromium at ${DEFAULT_CHROMIUM}, and it is missing.\nRun this, then npm test again:\n\n  ${fix}\n`,
  };
}
