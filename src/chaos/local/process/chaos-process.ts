import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Clock } from '../../../kit/time/index.ts';
import { isSameProcessAlive, processTable, readProcess } from './process-table.ts';

/** A process a fault started (delay proxy, stress worker), identified beyond its pid. */
export interface ChaosProcess {
  pid: number;
  startTicks: string;
  /** Its first stdout line: the process says it is ready, and what it listens on. */
  ready: string;
}

/** How to start a chaos process. */
export interface ChaosProcessSpec {
  /** A TypeScript entry run by this Node (type stripping, no build). */
  script: string;
  args: readonly string[];
  /** Marks the process as this fault's in its argv, so cleanup finds it even if the journal missed its pid. */
  marker: string;
  /** Run as this uid (and gid), e.g. the target engine pod's, or the delay proxy's own. */
  uid?: number;
  logFile: string;
  readyTimeoutMs: number;
}

/**
 * Starts a detached process in its own group that outlives the injector (a fault stays in place
 * while the runner waits), and resolves with its first stdout line. The pipe is closed after that
 * line: the process writes nothing more, so the injector going away cannot break it.
 */
export async function startChaosProcess(spec: ChaosProcessSpec): Promise<ChaosProcess> {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  const child = spawn(process.execPath, [spec.script, ...spec.args, spec.marker], {
    detached: true,
    stdio: ['ignore', 'pipe', log],
    cwd: '/',
    ...(spec.uid === undefined ? {} : { uid: spec.uid, gid: spec.uid }),
  });
  closeSync(log);
  try {
    const ready = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `${spec.script} gave no ready line within ${spec.readyTimeoutMs} ms (log ${spec.logFile})`,
            ),
          ),
        spec.readyTimeoutMs,
      );
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolve(line);
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(`${spec.script} exited (${signal ?? code}) before it was ready (log ${spec.logFile})`),
        );
      });
    });
    const info = readProcess(child.pid!);
    if (!info) throw new Error(`${spec.script} (pid ${child.pid}) ended right after it was ready`);
    child.stdout!.destroy();
    child.unref();
    return { pid: info.pid, startTicks: info.startTicks, ready };
  } catch (error) {
    if (child.pid) killGroup(child.pid);
    throw error;
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** SIGKILLs a chaos process (its whole group) if it is still the same process, and waits for it to go. */
export async function stopChaosProcess(pid: number, startTicks: string, clock: Clock): Promise<boolean> {
  if (!isSameProcessAlive(pid, startTicks)) return true;
  killGroup(pid);
  for (let waited = 0; waited < 5000; waited += 20) {
    if (!isSameProcessAlive(pid, startTicks)) return true;
    await clock.sleep(20);
  }
  return !isSameProcessAlive(pid, startTicks);
}

/** The live processes whose argv carries a marker starting with `prefix` (a state folder's, or one fault's). */
export function markedProcesses(prefix: string): { pid: number; startTicks: string; cmdline: string }[] {
  return processTable()
    .filter((info) => info.cmdline.includes(prefix))
    .map(({ pid, startTicks, cmdline }) => ({ pid, startTicks, cmdline }));
}
