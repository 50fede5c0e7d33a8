import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamUnavailableError } from '../../../kit/errors/index.ts';
import { ActionRejectedError } from './synapse-port.ts';
import {
  fakeSynapse,
  runPlan,
  validate,
  execute,
  recordStep,
} from '../../../../test/fixtures/plan-execution-setup.ts';

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
    if (message === 'refused')
      return new ActionRejectedError(400, 'BFY_ERR_VALIDATION_FAILED', 'unknown tool');
    if (message === 'down') return new UpstreamUnavailableError('synapse', 'ECONNREFUSED');
    if (message === 'failed') return { actionId: 'a-9', outcomeStatus: 'FAILURE' };
    return { actionId: 'a-1', outcomeStatus: 'SUCCESS' };
  });
  const { plan, status } = await runPlan(
    [execute('refused'), execute('down'), execute('failed'), execute('fine')],
    { synapse },
  );
  assert.deepEqual(status, {
    refused: 'FAILED',
    down: 'FAILED',
    failed: 'FAILED',
    fine: 'SUCCEEDED',
  });
  assert.equal(plan.status, 'PARTIAL');
  assert.equal(
    plan.steps[0]?.error,
    'SYNAPSE refused the action (400 BFY_ERR_VALIDATION_FAILED): unknown tool',
  );
  assert.equal(plan.steps[1]?.error, 'synapse unavailable: ECONNREFUSED');
  assert.equal(plan.steps[2]?.error, 'action a-9 failed');
  assert.equal(plan.steps[2]?.result?.actionId, 'a-9');
});
