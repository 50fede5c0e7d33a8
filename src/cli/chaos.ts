import { EXIT_CODES, exitCodeOf, UsageError } from '../kit/errors/index.ts';
import { staticChaosPods } from '../chaos/selectors/index.ts';
import {
  describeFault,
  EXPERIMENTS_DIR,
  faultsOf,
  ChaosSpecError,
  findExperiments,
  loadExperimentFile,
  renderPlan,
  selectExperiments,
  type Experiment,
} from '../chaos/spec/index.ts';
import { chaosRunCommands } from './chaos-run.ts';
import { flag, stringOption, type Command, type OptionSpec, type ParsedArgs } from './command.ts';
import { renderTable } from './table.ts';

const DIR_OPTION = { dir: { type: 'string' } } as const satisfies OptionSpec;

function dirOf(args: ParsedArgs): string {
  return stringOption(args, 'dir') ?? EXPERIMENTS_DIR;
}

/** What the experiment's faults do, in one cell. */
function faultSummary(experiment: Experiment): string {
  return faultsOf(experiment.root).map(describeFault).join('; ');
}

/** `butterfly chaos list`: every experiment with its kind, category, file and faults. */
export const chaosListCommand: Command = {
  name: 'list',
  summary: 'List the experiments in chaos/experiments',
  usage: 'chaos list [--category NAME] [--json] [--dir DIR]',
  options: { ...DIR_OPTION, category: { type: 'string' }, json: { type: 'boolean' } },
  maxPositionals: 0,
  async run(args) {
    const category = stringOption(args, 'category');
    const experiments = findExperiments(dirOf(args)).filter(
      (experiment) => category === undefined || experiment.category === category,
    );
    if (flag(args, 'json')) {
      const rows = experiments.map((experiment) => ({
        name: experiment.name,
        kind: experiment.kind,
        category: experiment.category,
        file: `${experiment.file}:${experiment.source.line}`,
        faults: faultsOf(experiment.root).map(describeFault),
      }));
      process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      return EXIT_CODES.OK;
    }
    process.stdout.write(
      renderTable(
        ['NAME', 'KIND', 'CATEGORY', 'FILE', 'FAULT'],
        experiments.map((experiment) => [
          experiment.name,
          experiment.kind,
          experiment.category,
          `${experiment.file}:${experiment.source.line}`,
          faultSummary(experiment),
        ]),
      ),
    );
    return EXIT_CODES.OK;
  },
};

function countSteps(experiment: Experiment): number {
  const count = (step: Experiment['root']): number =>
    1 + ('children' in step ? step.children.reduce((sum, child) => sum + count(child), 0) : 0);
  return count(experiment.root);
}

/** `butterfly chaos validate <file>`: exit 0 with a summary, or exit 2 with one `file:line` line per issue. */
export const chaosValidateCommand: Command = {
  name: 'validate',
  summary: 'Check an experiment file: kinds, fields, selectors, durations, workflow references, criteria',
  usage: 'chaos validate <file>',
  options: {},
  maxPositionals: 1,
  async run(args) {
    const file = args.positionals[0];
    if (file === undefined) throw new UsageError('validate needs the experiment file');
    let loaded: ReturnType<typeof loadExperimentFile>;
    try {
      loaded = loadExperimentFile(file);
    } catch (error) {
      if (!(error instanceof ChaosSpecError)) throw error;
      // Every issue, one line each, under the code docs/chaos.md promises.
      process.stderr.write(`butterfly: ${error.code}: ${error.issues.length} issue(s)\n${error.message}\n`);
      return exitCodeOf(error.code);
    }
    const { experiments, notes } = loaded;
    for (const note of notes) process.stdout.write(`note: ${note.file}:${note.line}: ${note.message}\n`);
    for (const experiment of experiments) {
      process.stdout.write(
        `✓ ${experiment.name} (${experiment.kind}, ${experiment.category}) — ${experiment.file}:${experiment.source.line}: ` +
          `${countSteps(experiment)} step(s), ${experiment.criteria.probes.length} probe(s)` +
          `${experiment.derivation ? ' (criteria derived: see chaos plan)' : ''}; ${faultSummary(experiment)}\n`,
      );
    }
    process.stdout.write(`${file}: ${experiments.length} valid experiment(s)\n`);
    return EXIT_CODES.OK;
  },
};

/** `butterfly chaos plan <name|file>`: the dry-run against the local topology's pods. */
export const chaosPlanCommand: Command = {
  name: 'plan',
  summary: 'Print what an experiment would do: its steps, deadlines, targets and criteria (nothing injected)',
  usage: 'chaos plan <name|file> [--dir DIR]',
  options: { ...DIR_OPTION },
  maxPositionals: 1,
  async run(args) {
    const reference = args.positionals[0];
    if (reference === undefined) throw new UsageError('plan needs an experiment name or file');
    const pods = staticChaosPods();
    const plans = selectExperiments(reference, dirOf(args)).map((experiment) => renderPlan(experiment, pods));
    process.stdout.write(plans.join('\n\n') + '\n');
    return EXIT_CODES.OK;
  },
};

/** The subcommands of `butterfly chaos`, in the order the usage lists them. */
function subcommands(): readonly Command[] {
  return [chaosListCommand, chaosValidateCommand, chaosPlanCommand, ...chaosRunCommands];
}

/** The group accepts every subcommand's options (parseArgs is strict); each subcommand then checks its own. */
function allOptions(): OptionSpec {
  return Object.assign({}, ...subcommands().map((command) => command.options)) as OptionSpec;
}

/** `butterfly chaos <subcommand>`: Chaos Mesh experiments on the local cluster or Kubernetes. */
export const chaosCommand: Command = {
  name: 'chaos',
  summary: 'Chaos experiments: list, validate, plan, run, report, cleanup',
  get usage() {
    return subcommands()
      .map((command) => command.usage)
      .join('\n       butterfly ');
  },
  get options() {
    return allOptions();
  },
  get maxPositionals() {
    return 1 + Math.max(...subcommands().map((command) => command.maxPositionals));
  },
  async run(args) {
    const [name, ...positionals] = args.positionals;
    const names = subcommands().map((command) => command.name);
    const command = subcommands().find((candidate) => candidate.name === name);
    if (!command)
      throw new UsageError(
        name === undefined
          ? `chaos needs a subcommand: ${names.join(', ')}`
          : `unknown chaos subcommand '${name}'; expected one of ${names.join(', ')}`,
      );
    const foreign = Object.keys(args.values).filter(
      (option) => args.values[option] !== undefined && !Object.hasOwn(command.options, option),
    );
    if (foreign.length > 0)
      throw new UsageError(
        `chaos ${command.name} does not take ${foreign.map((option) => `--${option}`).join(', ')}`,
      );
    if (positionals.length > command.maxPositionals)
      throw new UsageError(
        `unexpected argument '${positionals[command.maxPositionals]}' for chaos ${command.name}`,
      );
    return command.run({ values: args.values, positionals });
  },
};
