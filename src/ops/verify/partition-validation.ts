import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RecoveryCheck } from './recovery.ts';

const BUTTERFLY_BIN = fileURLToPath(new URL('../../../bin/butterfly.js', import.meta.url));

/** The experiment the runbook's recovery verification runs validate-only. */
export const PARTITION_EXPERIMENT = 'capsule-odyssey-partition';

/**
 * `butterfly chaos run capsule-odyssey-partition --validate-only` as its own process: the
 * runner's verification steps and after-probes against the platform as it is, no fault. Its
 * exit code is the verdict (0 pass); its last lines are the detail.
 */
export function validatePartitionExperiment(stateDir: string, timeoutMs = 300_000): Promise<RecoveryCheck> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        BUTTERFLY_BIN,
        'chaos',
        'run',
        PARTITION_EXPERIMENT,
        '--validate-only',
        '--state-dir',
        stateDir,
        // Its reports stay with the cluster, not in whatever directory verify ran from.
        '--output-dir',
        join(stateDir, 'verify-recovery'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const tail = () => output.trim().split('\n').slice(-3).join(' | ');
    child.once('error', (error) =>
      resolve({ name: 'partition validate-only', ok: false, detail: `could not run: ${error.message}` }),
    );
    child.once('exit', (code, signal) =>
      resolve({
        name: 'partition validate-only',
        ok: code === 0,
        detail: `butterfly chaos run ${PARTITION_EXPERIMENT} --validate-only exited ${code ?? signal}: ${tail()}`,
      }),
    );
  });
}
