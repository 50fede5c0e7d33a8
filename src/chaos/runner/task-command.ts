import { spawn } from 'node:child_process';
import type { StepOf, TaskResult } from './step-runtime.ts';

/** How much of a Task's output is kept (the tail, where the verdict lines are). */
const OUTPUT_LIMIT = 8192;

/**
 * The shell script a Task's container command stands for: `/bin/sh -c <script>` (or `sh`,
 * `bash`) keeps its script; any other command is quoted word by word.
 */
export function taskScript(command: readonly string[]): string {
  const [program, flagWord, script] = command;
  if (program && /(^|\/)(ba)?sh$/.test(program) && flagWord === '-c' && script !== undefined) return script;
  return command.map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs a Task's command here with /bin/sh, as its container would (the cluster's service names
 * resolve through /etc/hosts). On abort — its deadline or the workflow's — the whole process
 * group is killed and the exit code is null.
 */
export function runTaskCommand(step: StepOf<'Task'>, signal: AbortSignal): Promise<TaskResult> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve({ exitCode: null, output: 'not started: the step was stopped' });
    const child = spawn('/bin/sh', ['-c', taskScript(step.command)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const kill = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    signal.addEventListener('abort', kill, { once: true });
    child.once('error', (error) => {
      signal.removeEventListener('abort', kill);
      resolve({ exitCode: 127, output: error.message });
    });
    child.once('close', (code) => {
      signal.removeEventListener('abort', kill);
      resolve({ exitCode: signal.aborted ? null : code, output });
    });
  });
}
