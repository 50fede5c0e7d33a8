// The user's own chaos folder, read in place from the shared directory and never copied into the
// project: `<project>/../shared/seed/chaos`, or `$BUTTERFLY_SHARED_DIR/seed/chaos` (worktrees).
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT = fileURLToPath(new URL('../../../../', import.meta.url));

/** `<shared>/seed/chaos`. */
export function seedChaosDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.BUTTERFLY_SHARED_DIR ?? resolve(PROJECT, '..', 'shared'), 'seed', 'chaos');
}

/** One of the user's experiment files, by stem (`cassandra-node-failure`). */
export function seedExperimentFile(stem: string): string {
  return join(seedChaosDir(), 'experiments', `${stem}.yaml`);
}
