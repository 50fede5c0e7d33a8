// Global setup of the fault tests (`node --test --test-global-setup=…`): one local platform —
// the engine tier and the six services on it — for the whole run, started with the CLI exactly
// as an operator does, and stopped (with every fault's hold released) at the end. Fails, never
// skips, when the engines are not installed.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUTTERFLY_BIN, FAULTS_STATE_DIR } from './local-platform.ts';

function butterfly(...args: string[]): void {
  const result = spawnSync(process.execPath, [BUTTERFLY_BIN, ...args, '--state-dir', FAULTS_STATE_DIR], {
    stdio: 'inherit',
    timeout: 600_000,
  });
  if (result.status !== 0) throw new Error(`butterfly ${args.join(' ')} exited ${result.status}`);
}

/** Starts the local platform for the run. */
export async function globalSetup(): Promise<void> {
  if (existsSync(join(FAULTS_STATE_DIR, 'cluster.json'))) butterfly('down');
  rmSync(FAULTS_STATE_DIR, { recursive: true, force: true });
  butterfly('up', '--profile', 'local');
}

/** Stops it. */
export async function globalTeardown(): Promise<void> {
  if (existsSync(join(FAULTS_STATE_DIR, 'cluster.json'))) butterfly('down');
  rmSync(FAULTS_STATE_DIR, { recursive: true, force: true });
}
