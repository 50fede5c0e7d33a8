import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Pods held down by a fault (Chaos Mesh's pod-failure): one file per pod under
 * `<state-dir>/holds/`, so whoever injects the fault — in this process or another — tells the
 * supervisor not to restart the pod, and a crashed injector's holds are still there to clean.
 */
const DIR = 'holds';

/** Holds a pod down: the supervisor will not restart it until it is released. */
export function holdPod(stateDir: string, pod: string, reason: string): void {
  mkdirSync(join(stateDir, DIR), { recursive: true });
  writeFileSync(join(stateDir, DIR, pod), `${reason}\n`);
}

/** Lets the supervisor restart the pod again. */
export function releasePod(stateDir: string, pod: string): void {
  rmSync(join(stateDir, DIR, pod), { force: true });
}

/** The pods held down now. */
export function heldPods(stateDir: string): string[] {
  const dir = join(stateDir, DIR);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** The supervisor's question: is this pod held down? */
export function holdChecker(stateDir: string): (pod: string) => boolean {
  return (pod) => existsSync(join(stateDir, DIR, pod));
}

/** Releases every pod (`down`, and cleanup after a fault). */
export function releaseAll(stateDir: string): void {
  rmSync(join(stateDir, DIR), { recursive: true, force: true });
}
