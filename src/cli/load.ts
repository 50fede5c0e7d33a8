import { ClusterNotRunningError, EXIT_CODES } from '../kit/errors/index.ts';
import type { ServiceName } from '../kit/platform/index.ts';
import { runningState } from '../cluster/index.ts';
import {
  compileLoadPlan,
  preciseClock,
  progressLine,
  renderLoadReport,
  runLoad,
  type LoadPlan,
} from '../ops/load/index.ts';
import { flag, stringOption, type Command, type ParsedArgs } from './command.ts';
import { STATE_DIR_OPTION, stateDirOf } from './state-dir.ts';

/** The plan the command line asks for (bad values are UsageErrors naming the flag: exit 2). */
export function loadPlanOf(args: ParsedArgs): LoadPlan {
  return compileLoadPlan({
    rate: stringOption(args, 'rate'),
    duration: stringOption(args, 'duration'),
    mix: stringOption(args, 'mix'),
    tenants: stringOption(args, 'tenants'),
    scopes: stringOption(args, 'scopes'),
    timeout: stringOption(args, 'timeout'),
  });
}

/** `butterfly load`: the platform under a steady open-model load, its latencies and its write ledger. */
export const loadCommand: Command = {
  name: 'load',
  summary: 'Load the running platform at a target rate; latency histograms and the write ledger',
  usage:
    'load [--rate 100] [--duration 60s] [--mix golden=1,write=8,read=4] [--tenants 4] [--scopes 16] [--timeout 5s] [--json] [--api-key KEY] [--state-dir DIR]',
  options: {
    rate: { type: 'string' },
    duration: { type: 'string' },
    mix: { type: 'string' },
    tenants: { type: 'string' },
    scopes: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
    'api-key': { type: 'string' },
    ...STATE_DIR_OPTION,
  },
  maxPositionals: 0,
  async run(args) {
    const plan = loadPlanOf(args);
    const stateDir = stateDirOf(args);
    const state = runningState(stateDir);
    if (!state) throw new ClusterNotRunningError(stateDir);
    const urls = Object.fromEntries(
      state.pods.filter(({ pod }) => pod.service).map(({ pod, url }) => [pod.service, url]),
    ) as Record<ServiceName, string>;
    const apiKey = stringOption(args, 'api-key') ?? process.env.BUTTERFLY_API_KEY;
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    // The clock's timers are unref'd: this keeps the process alive between requests.
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      process.stderr.write(
        `load ${plan.runId} on the ${state.profile} profile: ${plan.ratePerSecond}/s for ${plan.durationMs / 1000}s\n`,
      );
      const report = await runLoad({
        plan,
        urls,
        clock: preciseClock,
        ...(apiKey ? { headers: { 'x-api-key': apiKey } } : {}),
        signal: controller.signal,
        onSecond: (progress) => process.stderr.write(progressLine(progress) + '\n'),
        onReadBack: (acknowledged) =>
          process.stderr.write(`reading back ${acknowledged} acknowledged writes…\n`),
      });
      process.stdout.write(
        flag(args, 'json')
          ? JSON.stringify({ profile: state.profile, ...report }, null, 2) + '\n'
          : renderLoadReport(report),
      );
      return report.passed ? EXIT_CODES.OK : EXIT_CODES.FAILED;
    } finally {
      clearInterval(keepAlive);
      process.off('SIGINT', onSignal);
    }
  },
};
