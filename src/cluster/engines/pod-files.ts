import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from '../index.ts';

/** Where a pod's data and rendered configuration live: `<stateDir>/pods/<pod>`. */
export function podDir(stateDir: string, pod: Pod): string {
  return join(stateDir, 'pods', pod.name);
}

/** A pod's stdout and stderr: `<stateDir>/logs/<pod>.log`, where `butterfly logs` looks. */
export function podLogFile(stateDir: string, pod: Pod): string {
  return join(stateDir, 'logs', `${pod.name}.log`);
}

/** Creates a folder (and its parents) owned by the pod's uid, so the engine can write in it. */
export function ownedDir(path: string, uid: number): string {
  mkdirSync(path, { recursive: true, mode: 0o755 });
  chownSync(path, uid, uid);
  return path;
}

/** Writes a configuration file the pod's uid owns (Patroni and Redis rewrite theirs). */
export function writeOwnedFile(path: string, text: string, uid: number, mode = 0o644): string {
  writeFileSync(path, text, { mode });
  chownSync(path, uid, uid);
  return path;
}

/** The command line that runs `command` as the pod's uid and gid, with no supplementary groups. */
export function runAsPodUser(
  setpriv: string,
  uid: number,
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  return {
    command: setpriv,
    args: [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', command, ...args],
  };
}
