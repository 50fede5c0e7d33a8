import { resolve } from 'node:path';
import { stringOption, type ParsedArgs } from './command.ts';

/** The option every cluster command takes. */
export const STATE_DIR_OPTION = { 'state-dir': { type: 'string' } } as const;

/** The cluster's state directory: --state-dir, else BUTTERFLY_STATE_DIR, else ./.butterfly/embedded. */
export function stateDirOf(args: ParsedArgs): string {
  return resolve(stringOption(args, 'state-dir') ?? process.env.BUTTERFLY_STATE_DIR ?? '.butterfly/embedded');
}
