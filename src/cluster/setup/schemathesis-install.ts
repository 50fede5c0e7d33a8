import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ToolCommand } from '../engines/index.ts';

/** The schemathesis the fuzz suite (test/fuzz) runs, pinned from PyPI. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** The venv schemathesis lives in, one per version, in the cache. */
export function schemathesisHome(cacheDir: string): string {
  return join(cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
}

/** The `st` command of the installed schemathesis. */
export function schemathesisBin(cacheDir: string): string {
  return join(schemathesisHome(cacheDir), 'bin', 'st');
}

/** True when the pinned schemathesis is in the cache. */
export function schemathesisInstalled(cacheDir: string): boolean {
  return existsSync(schemathesisBin(cacheDir));
}

/**
 * What installs it: a venv of the system python3 (python3-venv is an APT package of setup's),
 * then pip into it — never into the system's Python, and a new version gets a new venv.
 */
export function schemathesisCommands(cacheDir: string): ToolCommand[] {
  const home = schemathesisHome(cacheDir);
  return [
    { command: 'python3', args: ['-m', 'venv', home] },
    {
      command: join(home, 'bin', 'pip'),
      args: ['install', '--disable-pip-version-check', '-q', `schemathesis==${SCHEMATHESIS_VERSION}`],
    },
  ];
}
