import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tenant as tenantHeader } from '../../harness/platform.ts';
import {
  answerCapsuleWith,
  capsuleCount,
  capsule,
  platform,
  act,
  issues,
  useSynapsePlatform,
} from './synapse-platform.ts';

useSynapsePlatform();

describe('POST /api/v1/actions', () => {
  test('noop.echo runs and answers the action, with rate-limit headers', async () => {
    const response = await act({
      toolId: 'noop.echo',
      parameters: { hello: 'world' },
      executionMode: 'EXECUTE',
    });
    assert.equal(response.status, 200);
    const action = response.body;
    assert.match(action.actionId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      { ...action, actionId: undefined, createdAt: undefined, completedAt: undefined },
      {
        actionId: undefined,
        toolId: 'noop.echo',
        parameters: { hello: 'world' },
        executionMode: 'EXECUTE',
        outcomeStatus: 'SUCCESS',
        result: { echo: { hello: 'world' } },
        planId: null,
        rimNodeId: null,
        createdAt: undefined,
        completedAt: undefined,
      },
    );
    assert.ok(!Number.isNaN(Date.parse(action.createdAt)));
    assert.equal(response.headers.get('x-ratelimit-limit'), '1000');
    assert.ok(Number(response.headers.get('x-ratelimit-remaining')) < 1000);
    assert.ok(Number(response.headers.get('x-ratelimit-reset')) > 0);
    assert.equal(response.headers.get('x-ratelimit-limiter'), 'local');
  });

  test('capsule.annotate in EXECUTE creates a capsule in CAPSULE for the node, once, keyed by the action', async () => {
    const before = capsule.requests.length;
    const response = await act({
      toolId: 'capsule.annotate',
      parameters: { note: 'checked by ops', tags: ['ops'] },
      executionMode: 'EXECUTE',
      rimNodeId: 'rim:entity:finance:EURUSD',
      planId: 'plan-x',
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.outcomeStatus, 'SUCCESS');
    assert.equal(capsule.requests.length, before + 1);
    const sent = capsule.requests.at(-1)!;
    assert.equal(sent.method, 'POST');
    assert.equal(sent.url, '/api/v1/capsules');
    assert.equal(sent.headers['x-tenant-id'], 'acme');
    assert.equal(sent.headers['x-idempotency-key'], `action-${response.body.actionId}`);
    assert.equal(sent.body.header.scope.scopeId, 'rim:entity:finance:EURUSD');
    assert.equal(sent.body.header.vantage.observerId, 'synapse-service');
    assert.deepEqual(sent.body.meta, { actionId: response.body.actionId });
    assert.deepEqual(sent.body.dynamics, { note: 'checked by ops' });
    assert.equal(response.body.result.capsuleId, sent.body && `caps-${capsuleCount}`);
    assert.equal(response.body.result.sandboxed, false);
  });

  test('SANDBOX runs the tool without writing to peers; DRY_RUN runs nothing and is SIMULATED', async () => {
    const before = capsule.requests.length;
    const sandbox = await act({
      toolId: 'capsule.annotate',
      parameters: { note: 'n' },
      executionMode: 'SANDBOX',
      rimNodeId: 'rim:test:sandbox',
    });
    assert.equal(sandbox.status, 200);
    assert.equal(sandbox.body.outcomeStatus, 'SUCCESS');
    assert.deepEqual(sandbox.body.result, { capsuleId: null, sandboxed: true, scopeId: 'rim:test:sandbox' });
    const dry = await act({
      toolId: 'capsule.annotate',
      parameters: { note: 'n' },
      executionMode: 'DRY_RUN',
      rimNodeId: 'rim:test:dry',
    });
    assert.equal(dry.body.outcomeStatus, 'SIMULATED');
    assert.equal(dry.body.result.simulated, true);
    assert.match(dry.body.result.wouldDo, /create a capsule for rim:test:dry/);
    assert.equal(capsule.requests.length, before, 'no capsule created');
  });

  test('a failing peer makes the action FAILURE with the reason, not a 5xx', async () => {
    answerCapsuleWith(503);
    try {
      const down = await act({
        toolId: 'capsule.annotate',
        parameters: { note: 'n' },
        executionMode: 'EXECUTE',
        rimNodeId: 'rim:test:down',
      });
      assert.equal(down.status, 200);
      assert.equal(down.body.outcomeStatus, 'FAILURE');
      assert.equal(down.body.result.retryable, true);
      assert.match(down.body.result.error, /capsule unavailable/);
      answerCapsuleWith(400);
      const refused = await act({
        toolId: 'capsule.annotate',
        parameters: { note: 'n' },
        executionMode: 'EXECUTE',
        rimNodeId: 'rim:test:down',
      });
      assert.equal(refused.body.outcomeStatus, 'FAILURE');
      assert.equal(refused.body.result.retryable, false);
      assert.match(refused.body.result.error, /capsule refused \(400\): capsule says no/);
    } finally {
      answerCapsuleWith(201);
    }
  });

  test('governance.check asks PLATO: SUCCESS when approved, FAILURE with the decision when denied', async () => {
    const tenant = 'gov-check';
    const check = {
      toolId: 'governance.check',
      parameters: { actionType: 'TRADE', parameters: { amount: 5000 } },
      executionMode: 'SANDBOX',
      rimNodeId: 'rim:entity:finance:EURUSD',
    };
    const approved = await act(check, tenant);
    assert.equal(approved.body.outcomeStatus, 'SUCCESS');
    assert.equal(approved.body.result.decision, 'APPROVE');
    const policy = await platform.call(
      'plato',
      'POST',
      '/api/v1/policies',
      {
        namespace: 'risk',
        name: 'no-big-trades',
        policyType: 'RISK',
        rules: [
          {
            ruleId: 'big',
            condition: 'action.type == "TRADE" && action.parameters.amount > 1000',
            action: 'DENY',
          },
        ],
      },
      tenantHeader(tenant),
    );
    assert.equal(policy.status, 201);
    const denied = await act(check, tenant);
    assert.equal(denied.body.outcomeStatus, 'FAILURE');
    assert.equal(denied.body.result.decision, 'DENY');
    assert.equal(denied.body.result.triggeredPolicies[0].ruleId, 'big');
    assert.equal(
      (await act(check, 'other-tenant')).body.result.decision,
      'APPROVE',
      "another tenant's policy does not apply",
    );
  });

  test('bad input is a 400 naming the field', async () => {
    const unknownTool = await act({ toolId: 'rm.rf', parameters: {}, executionMode: 'EXECUTE' });
    assert.equal(unknownTool.status, 400);
    assert.equal(unknownTool.body.error.code, 'BFY_ERR_VALIDATION_FAILED');
    assert.match(
      issues(unknownTool.body)['body.toolId']!,
      /unknown tool 'rm.rf'; known tools: capsule.annotate, governance.check, noop.echo/,
    );
    for (const inherited of ['constructor', '__proto__', 'toString']) {
      const response = await act({ toolId: inherited, parameters: {}, executionMode: 'EXECUTE' });
      assert.equal(response.status, 400, inherited);
      assert.ok(issues(response.body)['body.toolId'], inherited);
    }
    const noNode = await act({
      toolId: 'capsule.annotate',
      parameters: { note: 'n' },
      executionMode: 'EXECUTE',
    });
    assert.equal(noNode.status, 400);
    assert.match(issues(noNode.body)['body.rimNodeId']!, /required by tool 'capsule.annotate'/);
    const badParameters = await act({
      toolId: 'capsule.annotate',
      parameters: { note: 42 },
      executionMode: 'EXECUTE',
      rimNodeId: 'rim:test:x',
    });
    assert.equal(badParameters.status, 400);
    assert.ok(issues(badParameters.body)['body.parameters.note']);
    const badMode = await act({ toolId: 'noop.echo', parameters: {}, executionMode: 'YOLO' });
    assert.equal(badMode.status, 400);
    assert.ok(issues(badMode.body)['body.executionMode']);
    const missing = await act({ parameters: {}, executionMode: 'EXECUTE' });
    assert.ok(issues(missing.body)['body.toolId']);
    const badNode = await act({
      toolId: 'noop.echo',
      parameters: {},
      executionMode: 'EXECUTE',
      rimNodeId: 'not-a-rim-id',
    });
    assert.equal(badNode.status, 400);
    assert.match(issues(badNode.body)['body.rimNodeId']!, /rim:<kind>/);
    const badKey = await act({ toolId: 'noop.echo', parameters: {}, executionMode: 'EXECUTE' }, 'acme', {
      'x-idempotency-key': 'k'.repeat(129),
    });
    assert.equal(badKey.status, 400);
    assert.ok(issues(badKey.body)['headers.x-idempotency-key']);
  });
});
