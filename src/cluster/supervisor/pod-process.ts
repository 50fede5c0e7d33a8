import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';

/** How to run one pod's process. */
export interface PodProcessSpec {
  /** The supervisor's own id for the pod (its name); PIDs change across restarts, this does not. */
  id: string;
  command: string;
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  /** stdout and stderr are appended here. */
  logFile: string;
}

/** The part of a child process the supervisor uses, so tests can pass a fake. */
export interface ChildHandle {
  readonly pid?: number | undefined;
  kill(signal: NodeJS.Signals): boolean;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

/** Starts a process for a spec. */
export type SpawnPod = (spec: PodProcessSpec) => ChildHandle;

/** Spawns the pod's process in its own process group with output appended to its log file. */
export const spawnPod: SpawnPod = (spec) => {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  try {
    return spawn(spec.command, spec.args, {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', log, log],
      detached: true,
    });
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(log);
  }
};
