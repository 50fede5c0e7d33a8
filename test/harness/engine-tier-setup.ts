// Global setup of the real-engine store tests (`node --test --test-global-setup=…`): one local
// engine tier for the whole run, shared by every test file. A tier that already answers (a
// developer's `butterfly up --profile local --only engines`) is used as it is and left running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEngines, type LocalEngines } from '../../src/cluster/local/index.ts';
import { systemClock } from '../../src/kit/time/index.ts';
import { reaches } from './tcp-probe.ts';

let started: { engines: LocalEngines; stateDir: string } | undefined;

/** Starts the engine tier unless one is already up. */
export async function globalSetup(): Promise<void> {
  const up = await Promise.all([
    reaches({ host: '127.0.2.1', port: 9042 }),
    reaches({ host: '127.0.3.1', port: 8008 }),
    reaches({ host: '127.0.4.1', port: 6379 }),
  ]);
  if (up.every(Boolean)) {
    process.stdout.write('engine tier already running: using it\n');
    return;
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-engine-tier-'));
  process.stdout.write(`starting the engine tier for this run in ${stateDir}\n`);
  const engines = await startLocalEngines({ stateDir, clock: systemClock });
  process.stdout.write(`engine tier ready in ${engines.readyAfterMs.total}ms\n`);
  started = { engines, stateDir };
}

/** Stops the tier if this run started it. */
export async function globalTeardown(): Promise<void> {
  if (!started) return;
  await started.engines.stop();
  rmSync(started.stateDir, { recursive: true, force: true });
}
