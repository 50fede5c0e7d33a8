// The `butterfly` command as the end-to-end suites run it: a child process, never blocking the
// event loop, killed when it outlives its budget. It imports nothing that reads a state dir.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The launcher, run with this Node. */
export const BUTTERFLY_BIN = fileURLToPath(new URL('../../bin/butterfly.js', import.meta.url));

/** How one `butterfly …` ended: its exit code (null when killed) and what it printed. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `butterfly <args> --state-dir <stateDir>`; SIGKILLed after `timeoutMs`. */
export function runButterfly(args: string[], stateDir: string, timeoutMs: number): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUTTERFLY_BIN, ...args, '--state-dir', stateDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
