import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError, StateConflictError } from '../../../kit/errors/index.ts';
import { PlanExecutor } from './plan-executor.ts';
import { type SynapsePort } from './synapse-port.ts';
import {
  call,
  clock,
  MemoryPlanStore,
  fakeGovernance,
  fakeSynapse,
  newPlan,
  runPlan,
  execute,
  recordStep,
} from '../../../../test/fixtures/plan-execution-setup.ts';

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
