import { basename, resolve } from 'node:path';
import { readClusterState } from '../cluster/index.ts';
import { ClusterNotRunningError, EXIT_CODES, UsageError } from '../kit/errors/index.ts';
import { POD_NAMES } from '../kit/platform/index.ts';
import { formatDuration, parseDuration, systemClock } from '../kit/time/index.ts';
import { cleanupLocal, planPods } from '../chaos/local/index.ts';
import { readSuiteRun, summarizeSuite, SUITE_REPORTS_DIR } from '../chaos/report/index.ts';
import { ensureServiceNames, releaseServiceNames, runSuite, StepDisplay } from '../chaos/runner/index.ts';
import {
  atWorkloadRate,
  findExperiments,
  parseWorkloadRate,
  renderPlan,
  selectExperiments,
  WORKLOAD_RATE_FORMAT,
  type Experiment,
} from '../chaos/spec/index.ts';
import { flag, stringOption, type Command, type ParsedArgs } from './command.ts';
import { STATE_DIR_OPTION, stateDirOf } from './state-dir.ts';

const TARGETS = ['local', 'k8s'] as const;

function targetOf(args: ParsedArgs): 'local' | 'k8s' {
  const target = stringOption(args, 'target') ?? 'local';
  if (!(TARGETS as readonly string[]).includes(target)) {
    throw new UsageError(`--target must be one of ${TARGETS.join(', ')}; got '${target}'`);
  }
  return target as 'local' | 'k8s';
}

/** `--timeout`: a duration (`90s`, `15m`), or bare seconds as the user's run-chaos-suite.sh takes it (`600`). */
export function timeoutOf(args: ParsedArgs): number {
  const text = stringOption(args, 'timeout') ?? '15m';
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : parseDuration(text);
  if (ms === undefined || ms <= 0) {
    throw new UsageError(
      `--timeout must be a duration such as 90s or 15m, or seconds such as 600 (per experiment); got '${text}'`,
    );
  }
  return ms;
}

/** `--load RATE`: the workload rate replacing every experiment's own; undefined when not given. */
export function loadRateOf(args: ParsedArgs): number | undefined {
  const text = stringOption(args, 'load');
  if (text === undefined) return undefined;
  const rate = parseWorkloadRate(text);
  if (rate === undefined) throw new UsageError(`--load must be ${WORKLOAD_RATE_FORMAT}; got '${text}'`);
  return rate;
}

/** The experiments the command line names: one reference, or every experiment (of a category). */
function experimentsOf(args: ParsedArgs): Experiment[] {
  const named = stringOption(args, 'experiment');
  if (named !== undefined && args.positionals[0] !== undefined)
    throw new UsageError('name the experiment once: as an argument or with --experiment');
  const reference = named ?? args.positionals[0];
  // `all` is the user's runner's default: no filter.
  const given = stringOption(args, 'category');
  const category = given === 'all' ? undefined : given;
  const dir = stringOption(args, 'dir');
  const chosen =
    reference !== undefined ? selectExperiments(reference, ...(dir ? [dir] : [])) : findExperiments(dir);
  // A category is a label's value or, as the user's runner finds files, part of the file's name.
  const filtered = chosen.filter(
    (experiment) =>
      category === undefined ||
      experiment.category === category ||
      basename(experiment.file).includes(category),
  );
  if (filtered.length === 0) {
    const categories = [...new Set(chosen.map((experiment) => experiment.category))].sort().join(', ');
    throw new UsageError(`no experiment in category '${category}'; categories: ${categories}`);
  }
  const rate = loadRateOf(args);
  return rate === undefined ? filtered : filtered.map((experiment) => atWorkloadRate(experiment, rate));
}

/** Aborts on the first SIGINT/SIGTERM, so faults are recovered before the process ends. */
function stopOnSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      process.stderr.write(`\n${name}: stopping; recovering every injected fault first\n`);
      controller.abort(new Error(`stopped by ${name}`));
    }
  };
  for (const name of ['SIGINT', 'SIGTERM'] as const) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of ['SIGINT', 'SIGTERM'] as const) process.off(name, onSignal);
    },
  };
}

/** `butterfly chaos run`: run experiments (or validate, or plan) and judge them. */
export const chaosRunCommand: Command = {
  name: 'run',
  summary: 'Run experiments against the local cluster or Kubernetes and judge them (PASS/FAIL, reports)',
  usage:
    'chaos run [<name|file>] [--experiment NAME] [--category NAME|all] [--target local|k8s] [--env NAME] [--force] [--output-dir DIR] [--timeout 15m|SECS] [--load RATE] [--validate-only] [--dry-run] [--state-dir DIR]',
  options: {
    target: { type: 'string' },
    env: { type: 'string' },
    force: { type: 'boolean' },
    'output-dir': { type: 'string' },
    timeout: { type: 'string' },
    load: { type: 'string' },
    'validate-only': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    category: { type: 'string' },
    experiment: { type: 'string' },
    dir: { type: 'string' },
    ...STATE_DIR_OPTION,
  },
  maxPositionals: 1,
  async run(args) {
    const target = targetOf(args);
    const timeoutMs = timeoutOf(args);
    if (flag(args, 'validate-only') && flag(args, 'dry-run')) {
      throw new UsageError('--validate-only and --dry-run exclude each other');
    }
    const experiments = experimentsOf(args);
    const stateDir = stateDirOf(args);
    if (flag(args, 'dry-run')) {
      const pods = await planPods(stateDir);
      process.stdout.write(experiments.map((experiment) => renderPlan(experiment, pods)).join('\n\n') + '\n');
      return EXIT_CODES.OK;
    }
    const state = readClusterState(stateDir);
    if (target === 'local' && state?.profile !== 'local') {
      if (!state) throw new ClusterNotRunningError(stateDir);
      throw new UsageError(
        `the cluster in ${stateDir} runs the ${state.profile} profile; chaos runs on 'butterfly up --profile local'`,
      );
    }
    const services =
      target === 'local'
        ? state!.pods.filter(({ pod }) => pod.service).map(({ pod }) => pod.name)
        : Object.values(POD_NAMES);
    const outputRoot = stringOption(args, 'output-dir');
    const undoHosts = target === 'local' ? await ensureServiceNames(stateDir) : () => undefined;
    const stop = stopOnSignal();
    try {
      const { suite, reports } = await runSuite({
        experiments,
        mode: flag(args, 'validate-only') ? 'validate-only' : 'run',
        target,
        stateDir,
        services,
        outputDir: (id) => resolve(outputRoot ?? `${SUITE_REPORTS_DIR}/${id}`),
        timeoutMs,
        environment: stringOption(args, 'env') ?? (target === 'local' ? 'local' : 'dev'),
        force: flag(args, 'force'),
        clock: systemClock,
        display: new StepDisplay(process.stdout),
        signal: stop.signal,
      });
      process.stdout.write(`\n${summarizeSuite(suite)}\n`);
      process.stdout.write(`reports: ${reports.json}\n         ${reports.junit}\n         ${reports.html}\n`);
      const failed =
        suite.runs.some((run) => run.verdict.result === 'FAIL') || suite.runs.length < experiments.length;
      return failed ? EXIT_CODES.FAILED : EXIT_CODES.OK;
    } finally {
      stop.dispose();
      undoHosts();
    }
  },
};

/** `butterfly chaos report <run-dir>`: the summary of a finished suite; exit 1 when it failed. */
export const chaosReportCommand: Command = {
  name: 'report',
  summary: "Summarise a suite's reports (a run directory or its chaos-report.json)",
  usage: 'chaos report <run-dir> [--json]',
  options: { json: { type: 'boolean' } },
  maxPositionals: 1,
  async run(args) {
    const path = args.positionals[0];
    if (path === undefined) throw new UsageError('report needs a run directory (the --output-dir of a run)');
    const suite = readSuiteRun(path);
    process.stdout.write(
      flag(args, 'json') ? `${JSON.stringify(suite, null, 2)}\n` : `${summarizeSuite(suite)}\n`,
    );
    return suite.runs.every((run) => run.verdict.result === 'PASS') ? EXIT_CODES.OK : EXIT_CODES.FAILED;
  },
};

/** `butterfly chaos cleanup`: remove every leftover of a chaos run on the local cluster. */
export const chaosCleanupCommand: Command = {
  name: 'cleanup',
  summary: 'Remove leftover faults (rules, proxies, holds) and hosts entries, also after a killed runner',
  usage: 'chaos cleanup [--state-dir DIR]',
  options: { ...STATE_DIR_OPTION },
  maxPositionals: 0,
  async run(args) {
    const stateDir = stateDirOf(args);
    const started = Date.now();
    const { removed } = await cleanupLocal(stateDir);
    if (releaseServiceNames(stateDir)) removed.push('the pod names the runner wrote into /etc/hosts');
    process.stdout.write(
      removed.length === 0
        ? 'nothing to clean up\n'
        : `removed ${removed.length} leftovers in ${formatDuration(Date.now() - started)}:\n${removed.map((line) => `  ${line}\n`).join('')}`,
    );
    return EXIT_CODES.OK;
  },
};

/** The `butterfly chaos` subcommands that run experiments (run, report, cleanup). */
export const chaosRunCommands: readonly Command[] = [
  chaosRunCommand,
  chaosReportCommand,
  chaosCleanupCommand,
];
