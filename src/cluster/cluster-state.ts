import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PodStatus } from './supervisor/index.ts';
import type { Pod, Profile } from './topology.ts';

/** What a running cluster records for `ps`, `down`, `golden-path` and the other commands. */
export interface ClusterState {
  profile: Profile;
  stateDir: string;
  supervisorPid: number;
  startedAt: number;
  pods: { pod: Pod; url: string; logFile: string; status: PodStatus | undefined }[];
  /**
   * Where the supervisor is: `starting` until its own readiness checks pass (the local profile's
   * engines), then `ready`, or `failed` with the reason. The embedded profile's `up` checks its
   * services' readiness endpoints itself and leaves this unset.
   */
  phase?: 'starting' | 'ready' | 'failed';
  /** Progress lines of the start, oldest first, for `up` to show. */
  events?: { at: number; message: string }[];
  failure?: string;
  /** The hosts file holding the pods' names (`up --hosts`), for `down` to clean. */
  hostsFile?: string;
}

const FILE = 'cluster.json';

/** The cluster's state, or undefined when none was recorded in `stateDir`. */
export function readClusterState(stateDir: string): ClusterState | undefined {
  const path = join(stateDir, FILE);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as ClusterState;
}

/** Writes the state atomically (write then rename), so readers never see half a file. */
export function writeClusterState(state: ClusterState): void {
  mkdirSync(state.stateDir, { recursive: true });
  const path = join(state.stateDir, FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${path}.tmp`, path);
}

/** Forgets the cluster. */
export function removeClusterState(stateDir: string): void {
  rmSync(join(stateDir, FILE), { force: true });
}

/** True when a process with that PID exists. */
export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
