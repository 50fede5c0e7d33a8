import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamUnavailableError, ValidationError } from '../../../kit/errors/index.ts';
import { TOOLS } from '../tools/index.ts';
import { SynapseActions } from './synapse-actions.ts';
import {
  call,
  clock,
  MemoryActionLog,
  fakePorts,
  setup,
  annotate,
} from '../../../../test/fixtures/synapse-actions-setup.ts';

test('EXECUTE runs the tool with live ports, logs the outcome and queues it for PERCEPTION', async () => {
  const { actions, capsules, queued, store } = setup();
  const { action, replayed } = await actions.submit('acme', annotate(), undefined, call);
  assert.equal(replayed, false);
  assert.equal(action.outcomeStatus, 'SUCCESS');
  assert.deepEqual(action.result, { capsuleId: 'c-1', sandboxed: false, scopeId: 'rim:test:node' });
  assert.equal(capsules.length, 1);
  assert.equal(capsules[0]?.key, `action-${action.actionId}`);
  assert.deepEqual(capsules[0]?.capsule.meta, { actionId: action.actionId });
  assert.deepEqual(
    queued.map((a) => a.actionId),
    [action.actionId],
  );
  assert.equal(store.rows.get(`acme/${action.actionId}`)?.queued, true);
});

test('SANDBOX swaps in ports that write nothing; DRY_RUN never calls the tool', async () => {
  const { actions, capsules } = setup();
  const sandbox = await actions.submit('acme', annotate({ executionMode: 'SANDBOX' }), undefined, call);
  assert.deepEqual(sandbox.action.result, { capsuleId: null, sandboxed: true, scopeId: 'rim:test:node' });
  const dry = await actions.submit('acme', annotate({ executionMode: 'DRY_RUN' }), undefined, call);
  assert.equal(dry.action.outcomeStatus, 'SIMULATED');
  assert.deepEqual(dry.action.result, {
    simulated: true,
    wouldDo: 'create a capsule for rim:test:node noting "hello"',
  });
  assert.equal(capsules.length, 0);
});

test('actions without a RIM node are not queued for PERCEPTION', async () => {
  const { actions, queued } = setup();
  await actions.submit('acme', annotate({ toolId: 'noop.echo', rimNodeId: null }), undefined, call);
  assert.equal(queued.length, 0);
});

test('unknown tools, missing nodes and bad parameters are refused before anything is logged', async () => {
  const { actions, store } = setup();
  await assert.rejects(
    actions.submit('acme', annotate({ toolId: 'nope' }), undefined, call),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.issues, [
        {
          field: 'body.toolId',
          message: "unknown tool 'nope'; known tools: capsule.annotate, governance.check, noop.echo",
        },
      ]);
      return true;
    },
  );
  await assert.rejects(
    actions.submit('acme', annotate({ toolId: 'hasOwnProperty' }), undefined, call),
    ValidationError,
  );
  await assert.rejects(
    actions.submit('acme', annotate({ rimNodeId: null }), undefined, call),
    (error: unknown) => error instanceof ValidationError && error.issues[0]?.field === 'body.rimNodeId',
  );
  await assert.rejects(
    actions.submit('acme', annotate({ parameters: { note: '', tags: [1] } }), undefined, call),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.issues.map((i) => i.field).sort(), [
        'body.parameters.note',
        'body.parameters.tags.0',
      ]);
      return true;
    },
  );
  assert.equal(store.rows.size, 0);
});

test('a failing peer ends the action as FAILURE (retryable) instead of throwing', async () => {
  const { actions } = setup({ capsuleFails: new UpstreamUnavailableError('capsule', 'circuit open') });
  const { action } = await actions.submit('acme', annotate(), undefined, call);
  assert.equal(action.outcomeStatus, 'FAILURE');
  assert.deepEqual(action.result, { error: 'capsule unavailable: circuit open', retryable: true });
});

test('an unexpected tool error is logged and hidden from the client', async () => {
  const errors: string[] = [];
  const { ports } = fakePorts({ capsuleFails: new TypeError('secret detail') });
  const actions = new SynapseActions({
    store: new MemoryActionLog(),
    tools: TOOLS,
    portsFor: () => ports,
    outcomes: { queue() {} },
    clock,
    log: { warn() {}, error: (_d, message) => errors.push(message) },
  });
  const { action } = await actions.submit('acme', annotate(), undefined, call);
  assert.equal(action.outcomeStatus, 'FAILURE');
  assert.doesNotMatch(JSON.stringify(action.result), /secret/);
  assert.deepEqual(errors, ['tool failed unexpectedly']);
});

test('governance.check fails when PLATO does not approve', async () => {
  const { actions } = setup();
  const { action } = await actions.submit(
    'acme',
    {
      toolId: 'governance.check',
      parameters: { actionType: 'TRADE' },
      executionMode: 'EXECUTE',
      planId: null,
      rimNodeId: 'rim:test:x',
    },
    undefined,
    call,
  );
  assert.equal(action.outcomeStatus, 'FAILURE');
  assert.deepEqual(action.result, { decision: 'DENY', triggeredPolicies: [{ ruleId: 'r' }] });
});
