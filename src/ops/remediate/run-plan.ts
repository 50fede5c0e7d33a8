import type { Clock } from '../../kit/time/index.ts';
import type { Observations } from '../status/index.ts';
import type { PlanStep, RemediationPlan, StepAction } from './plans.ts';
import { checkStep, type CheckResult } from './step-checks.ts';

/** How long each kind of step may take to show its effect (a loaded 2-core box starting a JVM). */
export const STEP_DEADLINE_MS: Readonly<Record<StepAction['kind'], number>> = {
  'restart-pod': 300_000,
  'patroni-failover': 90_000,
  'postgres-check': 120_000,
  'cassandra-check': 300_000,
  'redis-cluster-check': 120_000,
  'remove-stuck-chaos': 60_000,
  'restart-stale-services': 240_000,
};

/** The outcome of one step. */
export interface StepOutcome {
  step: PlanStep;
  ok: boolean;
  /** What applying did (`already` when the re-check passed before anything was done). */
  did: string;
  check: CheckResult;
  ms: number;
}

/** What running a plan needs; `observe` and `apply` are injected so the loop is tested on fakes. */
export interface RunPlanOptions {
  clock: Clock;
  observe: () => Promise<Observations>;
  apply: (action: StepAction, observations: Observations) => Promise<string>;
  onStep?: (outcome: StepOutcome) => void;
  pollMs?: number;
  deadlines?: Partial<Record<StepAction['kind'], number>>;
}

/**
 * Runs a plan step by step: observe; a step whose check already passes is not applied (never
 * kill a pod that came back by itself); otherwise apply it, then observe again until its check
 * passes or its deadline passes. A failed step stops the plan: later steps assume it worked.
 */
export async function runPlan(plan: RemediationPlan, options: RunPlanOptions): Promise<StepOutcome[]> {
  const { clock } = options;
  const pollMs = options.pollMs ?? 2000;
  const outcomes: StepOutcome[] = [];
  for (const step of plan.steps) {
    const started = clock.now();
    let observations = await options.observe();
    let check = checkStep(step.action, observations);
    let did = 'already';
    if (!check.ok) {
      try {
        did = await options.apply(step.action, observations);
      } catch (error) {
        did = `failed: ${(error as Error).message}`;
      }
      const deadline =
        started + (options.deadlines?.[step.action.kind] ?? STEP_DEADLINE_MS[step.action.kind]);
      for (;;) {
        observations = await options.observe();
        check = checkStep(step.action, observations);
        if (check.ok || clock.now() >= deadline) break;
        await clock.sleep(pollMs);
      }
    }
    const outcome = { step, ok: check.ok, did, check, ms: clock.now() - started };
    outcomes.push(outcome);
    options.onStep?.(outcome);
    if (!outcome.ok) break;
  }
  return outcomes;
}
