import { NotFoundError, StateConflictError } from '../../../kit/errors/index.ts';
import type { CallContext } from '../../../kit/http/index.ts';
import type { Clock } from '../../../kit/time/index.ts';
import type { Evaluation, EvaluationInput, Governance } from '../governance/governance-evaluator.ts';
import {
  finalStatusOf,
  isSettled,
  stepIdempotencyKey,
  type Plan,
  type PlanMode,
  type PlanStep,
} from './plan.ts';
import { executionOrder } from './plan-graph.ts';
import type { PlanStore } from './plan-store.ts';
import { ActionRejectedError, type SynapsePort } from './synapse-port.ts';

/** What the executor needs; all of it can be faked, so it runs without HTTP in tests. */
export interface PlanExecutorOptions {
  store: PlanStore;
  governance: Governance;
  synapse: SynapsePort;
  clock: Clock;
  log?: { warn(details: object, message: string): void; error(details: object, message: string): void };
}

/** How one step ended. */
type StepOutcome = Pick<PlanStep, 'status' | 'result' | 'error'>;

/**
 * Runs plans in the background, one step at a time in dependency order, saving each step's
 * progress. VALIDATE asks governance (anything but DENY passes); EXECUTE asks governance and
 * then SYNAPSE; RECORD notes the outcome of its dependencies. A step whose dependency did not
 * succeed is SKIPPED. A plan interrupted by a stop stays EXECUTING and resumes on the next start;
 * SYNAPSE's idempotency key keeps a resumed EXECUTE step from running twice.
 */
export class PlanExecutor {
  readonly #options: PlanExecutorOptions;
  readonly #running = new Set<Promise<unknown>>();
  #stopping = false;

  constructor(options: PlanExecutorOptions) {
    this.#options = options;
  }

  /** Claims a PENDING plan for execution and starts it in the background; 404 or 409 otherwise. */
  async start(tenant: string, planId: string, mode: PlanMode, call: CallContext): Promise<Plan> {
    const { store } = this.#options;
    const plan = await store.get(tenant, planId);
    if (!plan) throw new NotFoundError('plan', planId);
    const notPending = (status: string) =>
      new StateConflictError(`plan ${planId} is ${status}; only a PENDING plan can be executed`, {
        planId,
        status,
      });
    if (plan.status !== 'PENDING') throw notPending(plan.status);
    const now = this.#now();
    // Two concurrent executes both saw PENDING; the store lets exactly one claim it.
    if (!(await store.claim(tenant, planId, mode, now)))
      throw notPending((await store.get(tenant, planId))?.status ?? 'EXECUTING');
    const claimed: Plan = { ...plan, status: 'EXECUTING', mode, updatedAt: now };
    this.#launch(tenant, claimed, call);
    return claimed;
  }

  /** Resumes every plan left EXECUTING (after a restart); returns how many. */
  async resumeInterrupted(callFor: (tenant: string) => CallContext): Promise<number> {
    let resumed = 0;
    for (const { tenant, id } of await this.#options.store.executing()) {
      const plan = await this.#options.store.get(tenant, id);
      if (!plan) continue;
      this.#launch(tenant, plan, callFor(tenant));
      resumed += 1;
    }
    return resumed;
  }

  /** Resolves when no plan is running (tests use it to wait for the background work). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  /** Stops between steps: running plans stay EXECUTING and resume on the next start. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.idle();
  }

  /** Runs a claimed plan to the end (or to a stop) and returns it. */
  async #run(tenant: string, plan: Plan, call: CallContext): Promise<Plan> {
    const { store } = this.#options;
    const steps = new Map(plan.steps.map((step) => [step.name, { ...step }]));
    for (const { name } of executionOrder(plan.steps)) {
      if (this.#stopping) return { ...plan, steps: [...steps.values()] };
      const step = steps.get(name) as PlanStep;
      if (isSettled(step.status)) continue;
      const unmet = step.dependsOn
        .map((dependency) => steps.get(dependency) as PlanStep)
        .find((dependency) => dependency.status !== 'SUCCEEDED');
      if (unmet) {
        Object.assign(step, {
          status: 'SKIPPED',
          result: null,
          error: `dependency '${unmet.name}' ${unmet.status}`,
          finishedAt: this.#now(),
        });
        await store.saveStep(tenant, plan.id, step, this.#now());
        continue;
      }
      Object.assign(step, {
        status: 'RUNNING',
        result: null,
        error: null,
        startedAt: this.#now(),
        finishedAt: null,
      });
      await store.saveStep(tenant, plan.id, step, this.#now());
      Object.assign(step, await this.#runStep(tenant, plan, step, steps, call), { finishedAt: this.#now() });
      await store.saveStep(tenant, plan.id, step, this.#now());
    }
    const finished: Plan = {
      ...plan,
      steps: [...steps.values()],
      status: finalStatusOf([...steps.values()]),
      updatedAt: this.#now(),
    };
    await store.finish(tenant, plan.id, finished.status, finished.updatedAt);
    return finished;
  }

  #launch(tenant: string, plan: Plan, call: CallContext): void {
    const running: Promise<unknown> = this.#run(tenant, plan, call)
      .catch((error: unknown) => {
        // Saving progress failed (the store is down): the plan stays EXECUTING and resumes on restart.
        this.#options.log?.error(
          { err: error, tenant, planId: plan.id },
          'plan execution stopped: progress could not be saved',
        );
      })
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  async #runStep(
    tenant: string,
    plan: Plan,
    step: PlanStep,
    steps: ReadonlyMap<string, PlanStep>,
    call: CallContext,
  ): Promise<StepOutcome> {
    try {
      switch (step.action.type) {
        case 'VALIDATE':
          return await this.#validate(tenant, plan, step);
        case 'EXECUTE':
          return await this.#execute(tenant, plan, step, call);
        case 'RECORD':
          return record(step, steps);
      }
    } catch (error) {
      if (!(error instanceof ActionRejectedError)) {
        this.#options.log?.warn({ err: error, tenant, planId: plan.id, step: step.name }, 'plan step failed');
      }
      return { status: 'FAILED', result: null, error: describe(error) };
    }
  }

  async #validate(tenant: string, plan: Plan, step: PlanStep): Promise<StepOutcome> {
    const evaluation = await this.#options.governance.evaluate(tenant, evaluationInput(plan, step));
    const result = evaluationResult(evaluation);
    if (evaluation.decision === 'DENY')
      return { status: 'FAILED', result, error: `denied by ${triggeredBy(evaluation, 'DENY')}` };
    return { status: 'SUCCEEDED', result, error: null };
  }

  async #execute(tenant: string, plan: Plan, step: PlanStep, call: CallContext): Promise<StepOutcome> {
    const evaluation = await this.#options.governance.evaluate(tenant, evaluationInput(plan, step));
    const governance = evaluationResult(evaluation);
    if (evaluation.decision === 'DENY')
      return {
        status: 'FAILED',
        result: governance,
        error: `denied by ${triggeredBy(evaluation, 'DENY')}`,
      };
    if (evaluation.decision === 'REQUIRE_APPROVAL') {
      return {
        status: 'BLOCKED',
        result: governance,
        error: `requires approval by ${triggeredBy(evaluation, 'REQUIRE_APPROVAL')}`,
      };
    }
    const executionMode = plan.mode === 'EXECUTE' ? 'EXECUTE' : 'DRY_RUN';
    const action = await this.#options.synapse.submit(
      {
        toolId: step.action.toolId as string,
        parameters: step.action.parameters ?? {},
        executionMode,
        planId: plan.id,
        ...(plan.rimNodeId !== null ? { rimNodeId: plan.rimNodeId } : {}),
      },
      stepIdempotencyKey(plan.id, step.name),
      call,
    );
    const result = {
      ...governance,
      actionId: action.actionId,
      outcomeStatus: action.outcomeStatus,
      executionMode,
    };
    if (action.outcomeStatus === 'FAILURE')
      return { status: 'FAILED', result, error: `action ${action.actionId} failed` };
    return { status: 'SUCCEEDED', result, error: null };
  }

  #now(): string {
    return new Date(this.#options.clock.now()).toISOString();
  }
}

/** What governance sees for a step; rules can match on the step via `context.stepName` etc. */
export function evaluationInput(plan: Plan, step: PlanStep): EvaluationInput {
  return {
    rimNodeId: plan.rimNodeId,
    action: {
      type: step.action.type,
      ...(step.action.toolId ? { toolId: step.action.toolId } : {}),
      parameters: step.action.parameters ?? {},
    },
    context: { planId: plan.id, namespace: plan.namespace, stepName: step.name, mode: plan.mode },
  };
}

function record(step: PlanStep, steps: ReadonlyMap<string, PlanStep>): StepOutcome {
  const note = step.action.parameters?.note;
  const dependencies = Object.fromEntries(
    step.dependsOn.map((name) => {
      const dependency = steps.get(name) as PlanStep;
      const actionId = dependency.result?.actionId;
      return [name, { status: dependency.status, ...(typeof actionId === 'string' ? { actionId } : {}) }];
    }),
  );
  return {
    status: 'SUCCEEDED',
    result: {
      note: typeof note === 'string' ? note : null,
      parameters: step.action.parameters ?? {},
      dependencies,
    },
    error: null,
  };
}

function evaluationResult(evaluation: Evaluation): Record<string, unknown> {
  return {
    decision: evaluation.decision,
    triggeredPolicies: evaluation.triggeredPolicies,
    policySource: evaluation.policySource,
  };
}

function triggeredBy(evaluation: Evaluation, action: 'DENY' | 'REQUIRE_APPROVAL'): string {
  return evaluation.triggeredPolicies
    .filter((triggered) => triggered.action === action)
    .map((triggered) => `policy '${triggered.name}' rule '${triggered.ruleId}'`)
    .join(', ');
}

function describe(error: unknown): string {
  if (error instanceof ActionRejectedError)
    return `SYNAPSE refused the action (${error.status}${error.code ? ` ${error.code}` : ''}): ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
