import { resolve } from 'node:path';
import { EXIT_CODES, UsageError } from '../kit/errors/index.ts';
import { systemClock } from '../kit/time/index.ts';
import { SUITE_REPORTS_DIR } from '../chaos/report/index.ts';
import { buildConsole } from '../console/index.ts';
import { loadAlertRules } from '../ops/status/index.ts';
import { stringOption, type Command, type ParsedArgs } from './command.ts';
import { untilStopSignal } from './signals.ts';
import { STATE_DIR_OPTION, stateDirOf } from './state-dir.ts';

const DEFAULT_LISTEN = '127.0.0.1:9400';

/** `HOST:PORT` (IPv6 hosts in brackets) from --listen. */
function listenOf(args: ParsedArgs): { host: string; port: number } {
  const text = stringOption(args, 'listen') ?? DEFAULT_LISTEN;
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port > 65535)
    throw new UsageError(`--listen must be HOST:PORT such as ${DEFAULT_LISTEN}; got '${text}'`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

function targetOf(args: ParsedArgs): 'local' | 'k8s' {
  const target = stringOption(args, 'target') ?? 'local';
  if (target !== 'local' && target !== 'k8s')
    throw new UsageError(`--target must be local or k8s; got '${target}'`);
  return target;
}

/** `butterfly console`: the runbook on one live page (status, matrix, diagnosis, chaos runs). */
export const consoleCommand: Command = {
  name: 'console',
  summary:
    'Serve the web console: live status, matrix, alerts and diagnosis; chaos experiments, plans, run history with timelines, cleanup',
  usage:
    'console [--listen 127.0.0.1:9400] [--target local|k8s] [--dir DIR] [--reports DIR] [--rules FILE] [--state-dir DIR]',
  options: {
    listen: { type: 'string' },
    target: { type: 'string' },
    dir: { type: 'string' },
    reports: { type: 'string' },
    rules: { type: 'string' },
    ...STATE_DIR_OPTION,
  },
  maxPositionals: 0,
  async run(args) {
    const { host, port } = listenOf(args);
    const userDir = stringOption(args, 'dir');
    const app = await buildConsole({
      host,
      port,
      target: targetOf(args),
      stateDir: stateDirOf(args),
      reportsDir: resolve(stringOption(args, 'reports') ?? SUITE_REPORTS_DIR),
      ...(userDir ? { userExperimentsDir: resolve(userDir) } : {}),
      clock: systemClock,
      rules: loadAlertRules(stringOption(args, 'rules')),
    });
    const address = await app.listen({ host, port });
    process.stdout.write(`console at ${address}/ (Ctrl-C stops it)\n`);
    await untilStopSignal();
    await app.close();
    return EXIT_CODES.OK;
  },
};
