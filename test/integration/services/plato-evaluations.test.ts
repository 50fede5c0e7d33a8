import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  platform,
  post,
  issues,
  freshTenant,
  policy,
  evaluation,
  usePlatoPlatform,
} from './plato-platform.ts';

usePlatoPlatform();

describe('POST /api/v1/governance/evaluate', () => {
  test('without policies: APPROVE, LIVE, nothing triggered', async () => {
    const response = await post('/api/v1/governance/evaluate', evaluation(10), freshTenant('eval'));
    assert.equal(response.status, 200);
    assert.equal(response.body.decision, 'APPROVE');
    assert.deepEqual(response.body.triggeredPolicies, []);
    assert.equal(response.body.policySource, 'LIVE');
    assert.equal(response.body.cacheAgeSeconds, undefined);
    assert.ok(!Number.isNaN(Date.parse(response.body.evaluatedAt)));
  });

  test('a new policy applies at once; DENY beats REQUIRE_APPROVAL; scope limits where it applies', async () => {
    const tenant = freshTenant('eval');
    const approval = await post('/api/v1/policies', policy(), tenant);
    const big = await post('/api/v1/governance/evaluate', evaluation(5000), tenant);
    assert.equal(big.body.decision, 'REQUIRE_APPROVAL');
    assert.deepEqual(big.body.triggeredPolicies, [
      { policyId: approval.body.id, name: 'big-trades', ruleId: 'big', action: 'REQUIRE_APPROVAL' },
    ]);
    assert.equal(
      (await post('/api/v1/governance/evaluate', evaluation(10), tenant)).body.decision,
      'APPROVE',
    );
    assert.equal(
      (await post('/api/v1/governance/evaluate', evaluation(5000, 'rim:entity:energy:GAS'), tenant)).body
        .decision,
      'APPROVE',
      'out of the node pattern',
    );
    assert.equal(
      (await post('/api/v1/governance/evaluate', evaluation(5000, undefined, 'READ'), tenant)).body.decision,
      'APPROVE',
      'out of the action types',
    );

    await post(
      '/api/v1/policies',
      policy({
        name: 'prod-freeze',
        rules: [
          {
            ruleId: 'freeze',
            condition: 'context.env in ["prod"] && action.parameters.amount >= 5000',
            action: 'DENY',
          },
        ],
        scope: {},
      }),
      tenant,
    );
    const denied = await post('/api/v1/governance/evaluate', evaluation(5000), tenant);
    assert.equal(denied.body.decision, 'DENY');
    assert.deepEqual(denied.body.triggeredPolicies.map((t: any) => t.ruleId).sort(), ['big', 'freeze']);
  });

  test("tenants are isolated: one tenant's DENY never touches another's evaluations", async () => {
    const strict = freshTenant('strict');
    await post(
      '/api/v1/policies',
      policy({ rules: [{ ruleId: 'all', condition: 'true', action: 'DENY' }], scope: {} }),
      strict,
    );
    assert.equal((await post('/api/v1/governance/evaluate', evaluation(1), strict)).body.decision, 'DENY');
    assert.equal(
      (await post('/api/v1/governance/evaluate', evaluation(1), freshTenant('relaxed'))).body.decision,
      'APPROVE',
    );
  });

  test('hostile input: prototype-poisoning bodies are refused; keys named like built-ins are plain data', async () => {
    const tenant = freshTenant('hostile');
    await post(
      '/api/v1/policies',
      policy({
        rules: [{ ruleId: 'r', condition: 'action.parameters.polluted == true', action: 'DENY' }],
        scope: {},
      }),
      tenant,
    );
    const raw = async (parameters: string) => {
      const response = await fetch(new URL('/api/v1/governance/evaluate', platform.urls.plato), {
        method: 'POST',
        headers: { 'x-tenant-id': tenant, 'content-type': 'application/json' },
        body: `{"rimNodeId":"rim:test:x","action":{"type":"T","parameters":${parameters}},"context":{}}`,
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const proto = await raw('{"__proto__":{"polluted":true}}');
    assert.equal(proto.status, 400);
    // Well-formed JSON with a forbidden key: a field-level refusal, not "not valid JSON".
    assert.equal(proto.body.error.code, 'BFY_ERR_VALIDATION_FAILED');
    assert.equal(proto.body.error.details.reason, 'prototype-key');
    assert.equal(proto.body.error.details.issues[0].field, 'body.action.parameters.__proto__');
    assert.equal((await raw('{"constructor":{"prototype":{"polluted":true}}}')).status, 400);
    const builtins = await raw('{"constructor":"x","toString":"y","hasOwnProperty":1}');
    assert.equal(builtins.status, 200);
    assert.equal(builtins.body.decision, 'APPROVE');
    assert.equal((await raw('{"polluted":true}')).body.decision, 'DENY', 'the rule itself works');
    assert.equal(({} as any).polluted, undefined);
  });

  test('invalid requests are 400s naming the field', async () => {
    const badNode = await post('/api/v1/governance/evaluate', evaluation(1, 'EURUSD'), 'acme');
    assert.equal(badNode.status, 400);
    assert.ok(issues(badNode.body)['body.rimNodeId']);
    const noAction = await post('/api/v1/governance/evaluate', { rimNodeId: 'rim:test:x' }, 'acme');
    assert.ok(issues(noAction.body)['body.action']);
    const noType = await post(
      '/api/v1/governance/evaluate',
      { rimNodeId: 'rim:test:x', action: { parameters: {} } },
      'acme',
    );
    assert.ok(issues(noType.body)['body.action.type']);
  });
});
