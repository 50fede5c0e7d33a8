import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringOption, type ParsedArgs } from './command.ts';

/** The option every cluster command takes. */
export const STATE_DIR_OPTION = { 'state-dir': { type: 'string' } } as const;

const PROFILE_DIRS = ['.butterfly/local', '.butterfly/embedded'] as const;

/**
 * The state directory of the cluster a command acts on: --state-dir, else BUTTERFLY_STATE_DIR,
 * else whichever of ./.butterfly/local and ./.butterfly/embedded holds a cluster (embedded when neither).
 */
export function stateDirOf(args: ParsedArgs): string {
  const explicit = stringOption(args, 'state-dir') ?? process.env.BUTTERFLY_STATE_DIR;
  if (explicit) return resolve(explicit);
  const recorded = PROFILE_DIRS.find((dir) => existsSync(join(dir, 'cluster.json')));
  return resolve(recorded ?? '.butterfly/embedded');
}

/** The state directory `up` starts a profile in: --state-dir, else BUTTERFLY_STATE_DIR, else ./.butterfly/<profile>. */
export function stateDirForProfile(args: ParsedArgs, profile: 'embedded' | 'local'): string {
  return resolve(
    stringOption(args, 'state-dir') ?? process.env.BUTTERFLY_STATE_DIR ?? `.butterfly/${profile}`,
  );
}
