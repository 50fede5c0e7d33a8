import { existsSync, readFileSync } from 'node:fs';
import { ClusterNotRunningError, EXIT_CODES, UsageError } from '../kit/errors/index.ts';
import { readClusterState } from '../cluster/index.ts';
import { stringOption, type Command } from './command.ts';
import { STATE_DIR_OPTION, stateDirOf } from './state-dir.ts';

/** `butterfly logs <pod>`: a pod's log. */
export const logsCommand: Command = {
  name: 'logs',
  summary: "Print a pod's log (JSON lines)",
  usage: 'logs <pod> [--tail N] [--state-dir DIR]',
  options: { tail: { type: 'string' }, ...STATE_DIR_OPTION },
  maxPositionals: 1,
  async run(args) {
    const stateDir = stateDirOf(args);
    const state = readClusterState(stateDir);
    if (!state) throw new ClusterNotRunningError(stateDir);
    const name = args.positionals[0];
    const names = state.pods.map((entry) => entry.pod.name);
    const entry = state.pods.find(
      (candidate) => candidate.pod.name === name || candidate.pod.service === name,
    );
    if (!entry) throw new UsageError(`unknown pod '${name ?? ''}'; pods: ${names.join(', ')}`);
    const tailText = stringOption(args, 'tail');
    const tail = tailText === undefined ? undefined : Number(tailText);
    if (tail !== undefined && (!Number.isInteger(tail) || tail < 1))
      throw new UsageError(`--tail must be a positive whole number, got '${tailText}'`);
    const text = existsSync(entry.logFile) ? readFileSync(entry.logFile, 'utf8') : '';
    const lines = text.split('\n').filter(Boolean);
    process.stdout.write((tail ? lines.slice(-tail) : lines).join('\n') + (lines.length ? '\n' : ''));
    return EXIT_CODES.OK;
  },
};
