import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError, StateConflictError, UpstreamUnavailableError } from '../../../kit/errors/index.ts';
import type { CallContext } from '../../../kit/http/index.ts';
import type { Clock } from '../../../kit/time/index.ts';
import type { Decision } from '../governance/decision.ts';
import type { Evaluation, EvaluationInput, Governance } from '../governance/governance-evaluator.ts';
import type { Plan, PlanMode, PlanStatus, PlanStep, StepSpec } from './plan.ts';
import { PlanExecutor } from './plan-executor.ts';
import type { PlanFilter, PlanStore } from './plan-store.ts';
import {
  ActionRejectedError,
  type ActionSubmission,
  type SubmittedAction,
  type SynapsePort,
} from './synapse-port.ts';

const call: CallContext = {
  tenant: 't',
  correlationId: 'c',
  traceparent: '00-00000000000000000000000000000001-0000000000000001-01',
};
let tick = 0;
const clock: Clock = {
  now: () => Date.UTC(2025, 0, 1) + tick++ * 1000,
  schedule: () => ({ cancel() {} }),
  sleep: async () => {},
};

/** An in-memory PlanStore that records every saved step status, to check progress is persisted. */
class MemoryPlanStore implements PlanStore {
  readonly plans = new Map<string, Plan>();
  readonly saves: string[] = [];
  failSaves = false;
  async create(tenant: string, plan: Plan) {
    this.plans.set(`${tenant}/${plan.id}`, structuredClone(plan));
  }
  async get(tenant: string, id: string) {
    const plan = this.plans.get(`${tenant}/${id}`);
    return plan ? structuredClone(plan) : undefined;
  }
  async list(_tenant: string, _filter: PlanFilter) {
    return { items: [], total: 0 };
  }
  async claim(tenant: string, id: string, mode: PlanMode, at: string) {
    const plan = this.plans.get(`${tenant}/${id}`);
    if (!plan || plan.status !== 'PENDING') return false;
    Object.assign(plan, { status: 'EXECUTING', mode, updatedAt: at });
    return true;
  }
  async saveStep(tenant: string, planId: string, step: PlanStep) {
    if (this.failSaves) throw new Error('store down');
    const plan = this.plans.get(`${tenant}/${planId}`)!;
    plan.steps = plan.steps.map((s) => (s.name === step.name ? structuredClone(step) : s));
    this.saves.push(`${step.name}:${step.status}`);
  }
  async finish(tenant: string, planId: string, status: PlanStatus) {
    this.plans.get(`${tenant}/${planId}`)!.status = status;
  }
  async executing() {
    return [...this.plans.entries()]
      .filter(([, p]) => p.status === 'EXECUTING')
      .map(([key, p]) => ({ tenant: key.split('/')[0]!, id: p.id }));
  }
}

/** Governance that decides by step name; everything else approves. */
function fakeGovernance(
  decisions: Record<string, Decision> = {},
): Governance & { inputs: EvaluationInput[] } {
  const inputs: EvaluationInput[] = [];
  return {
    inputs,
    async evaluate(_tenant, input): Promise<Evaluation> {
      inputs.push(input);
      const decision = decisions[String(input.context.stepName)] ?? 'APPROVE';
      const triggeredPolicies =
        decision === 'APPROVE' ? [] : [{ policyId: 'p1', name: 'guard', ruleId: 'r1', action: decision }];
      return { decision, triggeredPolicies, policySource: 'LIVE', evaluatedAt: new Date(0).toISOString() };
    },
  };
}

/** SYNAPSE that records submissions and answers per tool. */
function fakeSynapse(
  answer: (action: ActionSubmission) => SubmittedAction | Error = () => ({
    actionId: 'a-1',
    outcomeStatus: 'SUCCESS',
  }),
) {
  const calls: { action: ActionSubmission; key: string }[] = [];
  const port: SynapsePort = {
    async submit(action, key) {
      calls.push({ action, key });
      const reply = answer(action);
      if (reply instanceof Error) throw reply;
      return reply;
    },
  };
  return { port, calls };
}

function newPlan(steps: StepSpec[], rimNodeId: string | null = 'rim:test:verification'): Plan {
  return {
    id: 'plan-1',
    namespace: 'ops',
    rimNodeId,
    status: 'PENDING',
    mode: null,
    steps: steps.map((s) => ({
      ...s,
      status: 'PENDING',
      result: null,
      error: null,
      startedAt: null,
      finishedAt: null,
    })),
    createdAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
  };
}

async function runPlan(
  steps: StepSpec[],
  options: {
    decisions?: Record<string, Decision>;
    synapse?: ReturnType<typeof fakeSynapse>;
    mode?: PlanMode;
    rimNodeId?: string | null;
  } = {},
) {
  const store = new MemoryPlanStore();
  const governance = fakeGovernance(options.decisions);
  const synapse = options.synapse ?? fakeSynapse();
  const executor = new PlanExecutor({ store, governance, synapse: synapse.port, clock });
  await store.create(
    't',
    newPlan(steps, options.rimNodeId === undefined ? 'rim:test:verification' : options.rimNodeId),
  );
  const started = await executor.start('t', 'plan-1', options.mode ?? 'EXECUTE', call);
  assert.equal(started.status, 'EXECUTING');
  await executor.idle();
  const plan = (await store.get('t', 'plan-1'))!;
  const status = Object.fromEntries(plan.steps.map((s) => [s.name, s.status]));
  return { plan, status, store, governance, synapse, executor };
}

const validate = (name: string, dependsOn: string[] = []): StepSpec => ({
  name,
  action: { type: 'VALIDATE' },
  dependsOn,
});
const execute = (name: string, dependsOn: string[] = [], toolId = 'noop.echo'): StepSpec => ({
  name,
  action: { type: 'EXECUTE', toolId, parameters: { message: name } },
  dependsOn,
});
const recordStep = (name: string, dependsOn: string[] = []): StepSpec => ({
  name,
  action: { type: 'RECORD', parameters: { note: `note ${name}` } },
  dependsOn,
});

test('all steps succeed in dependency order: COMPLETED, with SYNAPSE called once per EXECUTE step with the step key', async () => {
  const { plan, status, synapse, store, governance } = await runPlan([
    recordStep('report', ['trade']),
    execute('trade', ['check']),
    validate('check'),
  ]);
  assert.equal(plan.status, 'COMPLETED');
  assert.equal(plan.mode, 'EXECUTE');
  assert.deepEqual(status, { report: 'SUCCEEDED', trade: 'SUCCEEDED', check: 'SUCCEEDED' });
  assert.deepEqual(store.saves, [
    'check:RUNNING',
    'check:SUCCEEDED',
    'trade:RUNNING',
    'trade:SUCCEEDED',
    'report:RUNNING',
    'report:SUCCEEDED',
  ]);
  assert.deepEqual(synapse.calls, [
    {
      action: {
        toolId: 'noop.echo',
        parameters: { message: 'trade' },
        executionMode: 'EXECUTE',
        planId: 'plan-1',
        rimNodeId: 'rim:test:verification',
      },
      key: 'plan-plan-1-step-trade',
    },
  ]);
  assert.deepEqual(
    governance.inputs.map((i) => [i.action.type, i.action.toolId, i.context.stepName]),
    [
      ['VALIDATE', undefined, 'check'],
      ['EXECUTE', 'noop.echo', 'trade'],
    ],
  );
  const trade = plan.steps.find((s) => s.name === 'trade')!;
  assert.equal(trade.result?.actionId, 'a-1');
  assert.equal(trade.result?.outcomeStatus, 'SUCCESS');
  assert.ok(trade.startedAt && trade.finishedAt && trade.startedAt < trade.finishedAt);
  const report = plan.steps.find((s) => s.name === 'report')!;
  assert.deepEqual(report.result, {
    note: 'note report',
    parameters: { note: 'note report' },
    dependencies: { trade: { status: 'SUCCEEDED', actionId: 'a-1' } },
  });
});

test('DRY_RUN sends EXECUTE steps as dry runs; a plan without a RIM node sends none', async () => {
  const { synapse, plan } = await runPlan([execute('trade')], { mode: 'DRY_RUN', rimNodeId: null });
  assert.equal(plan.mode, 'DRY_RUN');
  assert.deepEqual(synapse.calls[0]?.action, {
    toolId: 'noop.echo',
    parameters: { message: 'trade' },
    executionMode: 'DRY_RUN',
    planId: 'plan-1',
  });
});

test('a DENY on the only EXECUTE step fails it with the policy named, skips its dependants: FAILED', async () => {
  const { plan, status, synapse } = await runPlan([execute('trade'), recordStep('report', ['trade'])], {
    decisions: { trade: 'DENY' },
  });
  assert.equal(plan.status, 'FAILED');
  assert.deepEqual(status, { trade: 'FAILED', report: 'SKIPPED' });
  assert.equal(synapse.calls.length, 0, 'a denied step never reaches SYNAPSE');
  assert.equal(plan.steps[0]?.error, "denied by policy 'guard' rule 'r1'");
  assert.equal(plan.steps[1]?.error, "dependency 'trade' FAILED");
});

test('REQUIRE_APPROVAL blocks an EXECUTE step but lets a VALIDATE step pass: PARTIAL', async () => {
  const { plan, status, synapse } = await runPlan(
    [validate('check'), execute('trade', ['check']), recordStep('after', ['trade'])],
    {
      decisions: { check: 'REQUIRE_APPROVAL', trade: 'REQUIRE_APPROVAL' },
    },
  );
  assert.equal(plan.status, 'PARTIAL');
  assert.deepEqual(status, { check: 'SUCCEEDED', trade: 'BLOCKED', after: 'SKIPPED' });
  assert.match(plan.steps[1]?.error ?? '', /requires approval by policy 'guard'/);
  assert.equal(synapse.calls.length, 0);
});

test('a DENY on a VALIDATE step fails it and everything after it', async () => {
  const { plan, status } = await runPlan(
    [validate('check'), execute('trade', ['check']), recordStep('independent')],
    { decisions: { check: 'DENY' } },
  );
  assert.deepEqual(status, { check: 'FAILED', trade: 'SKIPPED', independent: 'SUCCEEDED' });
  assert.equal(plan.status, 'PARTIAL');
});

test('skips cascade through chains of dependants', async () => {
  const { status } = await runPlan([execute('a'), recordStep('b', ['a']), recordStep('c', ['b'])], {
    decisions: { a: 'DENY' },
  });
  assert.deepEqual(status, { a: 'FAILED', b: 'SKIPPED', c: 'SKIPPED' });
});

test('SYNAPSE refusing, failing or being unreachable fails the step with the reason', async () => {
  const synapse = fakeSynapse((action) => {
    const message = action.parameters.message;
    if (message === 'refused') return new ActionRejectedError(400, 'VALIDATION_FAILED', 'unknown tool');
    if (message === 'down') return new UpstreamUnavailableError('synapse', 'ECONNREFUSED');
    if (message === 'failed') return { actionId: 'a-9', outcomeStatus: 'FAILURE' };
    return { actionId: 'a-1', outcomeStatus: 'SUCCESS' };
  });
  const { plan, status } = await runPlan(
    [execute('refused'), execute('down'), execute('failed'), execute('fine')],
    { synapse },
  );
  assert.deepEqual(status, { refused: 'FAILED', down: 'FAILED', failed: 'FAILED', fine: 'SUCCEEDED' });
  assert.equal(plan.status, 'PARTIAL');
  assert.equal(plan.steps[0]?.error, 'SYNAPSE refused the action (400 VALIDATION_FAILED): unknown tool');
  assert.equal(plan.steps[1]?.error, 'synapse unavailable: ECONNREFUSED');
  assert.equal(plan.steps[2]?.error, 'action a-9 failed');
  assert.equal(plan.steps[2]?.result?.actionId, 'a-9');
});

test('start refuses unknown plans (404) and plans that are not PENDING (409)', async () => {
  const { executor } = await runPlan([recordStep('a')]);
  await assert.rejects(executor.start('t', 'nope', 'EXECUTE', call), NotFoundError);
  await assert.rejects(executor.start('other-tenant', 'plan-1', 'EXECUTE', call), NotFoundError);
  await assert.rejects(executor.start('t', 'plan-1', 'EXECUTE', call), (error: unknown) => {
    assert.ok(error instanceof StateConflictError);
    assert.equal(error.details.status, 'COMPLETED');
    return true;
  });
});

test('two concurrent starts: exactly one wins', async () => {
  const store = new MemoryPlanStore();
  const executor = new PlanExecutor({
    store,
    governance: fakeGovernance(),
    synapse: fakeSynapse().port,
    clock,
  });
  await store.create('t', newPlan([recordStep('a')]));
  const results = await Promise.allSettled([
    executor.start('t', 'plan-1', 'EXECUTE', call),
    executor.start('t', 'plan-1', 'EXECUTE', call),
  ]);
  assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  await executor.idle();
});

test('an interrupted plan resumes where it stopped, re-sending the interrupted step with the same key', async () => {
  const store = new MemoryPlanStore();
  const synapse = fakeSynapse();
  const plan = newPlan([execute('first'), execute('second', ['first'])]);
  plan.status = 'EXECUTING';
  plan.mode = 'EXECUTE';
  plan.steps[0]!.status = 'SUCCEEDED';
  plan.steps[1]!.status = 'RUNNING';
  await store.create('t', plan);
  const executor = new PlanExecutor({ store, governance: fakeGovernance(), synapse: synapse.port, clock });
  assert.equal(await executor.resumeInterrupted(() => call), 1);
  await executor.idle();
  assert.deepEqual(
    synapse.calls.map((c) => c.key),
    ['plan-plan-1-step-second'],
  );
  assert.equal((await store.get('t', 'plan-1'))?.status, 'COMPLETED');
});

test('stop leaves a running plan EXECUTING between steps', async () => {
  const store = new MemoryPlanStore();
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const synapse: SynapsePort = {
    async submit() {
      await gate;
      return { actionId: 'a', outcomeStatus: 'SUCCESS' };
    },
  };
  const executor = new PlanExecutor({ store, governance: fakeGovernance(), synapse, clock });
  await store.create('t', newPlan([execute('first'), execute('second', ['first'])]));
  await executor.start('t', 'plan-1', 'EXECUTE', call);
  await new Promise((resolve) => setImmediate(resolve));
  const stopped = executor.stop();
  release();
  await stopped;
  const plan = (await store.get('t', 'plan-1'))!;
  assert.equal(plan.status, 'EXECUTING');
  assert.deepEqual(
    plan.steps.map((s) => s.status),
    ['SUCCEEDED', 'PENDING'],
  );
});

test('when progress cannot be saved the plan stays EXECUTING and the error is logged', async () => {
  const store = new MemoryPlanStore();
  const errors: string[] = [];
  const executor = new PlanExecutor({
    store,
    governance: fakeGovernance(),
    synapse: fakeSynapse().port,
    clock,
    log: { warn: () => {}, error: (_details, message) => errors.push(message) },
  });
  await store.create('t', newPlan([recordStep('a')]));
  store.failSaves = true;
  await executor.start('t', 'plan-1', 'EXECUTE', call);
  await executor.idle();
  assert.equal((await store.get('t', 'plan-1'))?.status, 'EXECUTING');
  assert.equal(errors.length, 1);
});
