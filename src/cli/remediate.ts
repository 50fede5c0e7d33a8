import { EXIT_CODES, UsageError } from '../kit/errors/index.ts';
import { formatDuration, systemClock } from '../kit/time/index.ts';
import {
  applyLocal,
  planFor,
  runPlan,
  type RemediationPlan,
  type StepOutcome,
} from '../ops/remediate/index.ts';
import { SCENARIOS, diagnose, isScenarioId, observe } from '../ops/status/index.ts';
import { flag, type Command } from './command.ts';
import { STATE_DIR_OPTION, stateDirOf } from './state-dir.ts';

function renderPlan(plan: RemediationPlan): string {
  const lines = [
    `remediation plan for scenario ${plan.scenario} (dry run; --apply runs it on the local profile):`,
  ];
  plan.steps.forEach((step, i) => {
    lines.push(
      `  ${i + 1}. ${step.title}`,
      `       here:       ${step.command}`,
      `       kubernetes: ${step.kubernetes}`,
    );
  });
  return lines.join('\n') + '\n';
}

function renderOutcome(outcome: StepOutcome): string {
  const mark = outcome.ok ? '✓' : '✗';
  return `  ${mark} ${outcome.step.title} (${formatDuration(outcome.ms)})\n      did: ${outcome.did}\n      check: ${outcome.check.detail}\n`;
}

/** `butterfly remediate <A|B|C|D> [--apply]`: the runbook's steps for a scenario, planned or run and re-checked. */
export const remediateCommand: Command = {
  name: 'remediate',
  summary:
    "The runbook's remediation for scenario A, B, C or D as a plan (dry run), or run with --apply on the local profile, each step re-checked",
  usage: 'remediate <A|B|C|D> [--apply] [--json] [--state-dir DIR]',
  options: { apply: { type: 'boolean' }, json: { type: 'boolean' }, ...STATE_DIR_OPTION },
  maxPositionals: 1,
  async run(args) {
    const scenario = args.positionals[0]?.toUpperCase() ?? '';
    if (!isScenarioId(scenario))
      throw new UsageError(
        `the scenario must be one of ${SCENARIOS.join(', ')} (A Cassandra, B PostgreSQL primary, C Redis, D partition); got '${args.positionals[0] ?? ''}'`,
      );
    const stateDir = stateDirOf(args);
    const clock = systemClock;
    const json = flag(args, 'json');
    const observations = await observe({ stateDir, clock });
    const plan = planFor(scenario, observations);
    if (!flag(args, 'apply')) {
      process.stdout.write(json ? JSON.stringify(plan, null, 2) + '\n' : renderPlan(plan));
      return EXIT_CODES.OK;
    }
    if (observations.profile !== 'local')
      throw new UsageError(
        '--apply runs on the local profile only; this cluster is embedded (print the plan without --apply)',
      );
    if (!json) process.stdout.write(`remediating scenario ${scenario}: ${plan.steps.length} step(s)\n`);
    const outcomes = await runPlan(plan, {
      clock,
      observe: () => observe({ stateDir, clock }),
      apply: (action, current) => applyLocal(action, { stateDir, clock, observations: current }),
      onStep: (outcome) => {
        if (!json) process.stdout.write(renderOutcome(outcome));
      },
    });
    const after = diagnose(await observe({ stateDir, clock }));
    const cleared = !after.scenarios.some((finding) => finding.scenario === scenario);
    const ok = outcomes.length === plan.steps.length && outcomes.every((outcome) => outcome.ok) && cleared;
    if (json) process.stdout.write(JSON.stringify({ plan, outcomes, ok, after }, null, 2) + '\n');
    else
      process.stdout.write(
        `scenario ${scenario} ${ok ? 'remediated' : 'NOT remediated'}; status now ${after.verdict.toUpperCase()}${
          after.scenarios.length > 0 ? ` (${after.scenarios.map((s) => s.scenario).join('+')})` : ''
        }\n`,
      );
    return ok ? EXIT_CODES.OK : EXIT_CODES.FAILED;
  },
};
