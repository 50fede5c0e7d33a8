import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../kit/time/testing/index.ts';
import { compilePolicy, type Policy, type PolicyRule } from '../policies/policy.ts';
import type { PolicyScope } from '../policies/policy-scope.ts';
import type { PolicySnapshot } from '../policies/policy-cache.ts';
import { GovernanceEvaluator, type EvaluationInput } from './governance-evaluator.ts';

const clock = new ManualClock(Date.UTC(2025, 0, 1));

const policy = (id: string, rules: PolicyRule[], scope: PolicyScope = {}): Policy => ({
  id,
  namespace: 'ns',
  name: `policy-${id}`,
  policyType: 'GOVERNANCE',
  rules,
  scope,
  createdAt: new Date(0).toISOString(),
});

function evaluatorOver(policies: Policy[], snapshot: Partial<PolicySnapshot> = {}) {
  return new GovernanceEvaluator(
    {
      policiesFor: async () => ({
        policies: policies.map(compilePolicy),
        source: 'LIVE',
        ageMs: 0,
        ...snapshot,
      }),
    },
    clock,
  );
}

const trade = (amount: number, rimNodeId: string | null = 'rim:entity:finance:EURUSD'): EvaluationInput => ({
  rimNodeId,
  action: { type: 'TRADE', parameters: { amount } },
  context: { env: 'prod' },
});

test('no policies: APPROVE with nothing triggered, LIVE, stamped by the clock', async () => {
  const evaluation = await evaluatorOver([]).evaluate('t', trade(1));
  assert.deepEqual(evaluation, {
    decision: 'APPROVE',
    triggeredPolicies: [],
    policySource: 'LIVE',
    evaluatedAt: '2025-01-01T00:00:00.000Z',
  });
});

test('reports every triggered rule of every applicable policy and combines them', async () => {
  const evaluator = evaluatorOver([
    policy('limits', [
      { ruleId: 'big', condition: 'action.parameters.amount > 1000', action: 'REQUIRE_APPROVAL' },
      { ruleId: 'huge', condition: 'action.parameters.amount > 100000', action: 'DENY' },
    ]),
    policy('prod', [{ ruleId: 'env', condition: 'context.env == "prod"', action: 'APPROVE' }]),
  ]);
  const small = await evaluator.evaluate('t', trade(10));
  assert.equal(small.decision, 'APPROVE');
  assert.deepEqual(
    small.triggeredPolicies.map((p) => p.ruleId),
    ['env'],
  );
  const big = await evaluator.evaluate('t', trade(5000));
  assert.equal(big.decision, 'REQUIRE_APPROVAL');
  assert.deepEqual(big.triggeredPolicies, [
    { policyId: 'limits', name: 'policy-limits', ruleId: 'big', action: 'REQUIRE_APPROVAL' },
    { policyId: 'prod', name: 'policy-prod', ruleId: 'env', action: 'APPROVE' },
  ]);
  const huge = await evaluator.evaluate('t', trade(500_000));
  assert.equal(huge.decision, 'DENY');
  assert.deepEqual(
    huge.triggeredPolicies.map((p) => p.ruleId),
    ['big', 'huge', 'env'],
  );
});

test('a policy out of scope contributes nothing', async () => {
  const evaluator = evaluatorOver([
    policy('energy-only', [{ ruleId: 'all', condition: 'true', action: 'DENY' }], {
      rimNodePattern: 'rim:entity:energy:*',
    }),
    policy('reads-only', [{ ruleId: 'all', condition: 'true', action: 'DENY' }], { actionTypes: ['READ'] }),
  ]);
  assert.equal((await evaluator.evaluate('t', trade(1))).decision, 'APPROVE');
  assert.equal((await evaluator.evaluate('t', trade(1, 'rim:entity:energy:GAS'))).decision, 'DENY');
  assert.equal((await evaluator.evaluate('t', trade(1, null))).decision, 'APPROVE');
});

test('a stale copy is reported as CACHE with its age in whole seconds', async () => {
  const evaluation = await evaluatorOver([], { source: 'CACHE', ageMs: 12_345 }).evaluate('t', trade(1));
  assert.equal(evaluation.policySource, 'CACHE');
  assert.equal(evaluation.cacheAgeSeconds, 12);
});
