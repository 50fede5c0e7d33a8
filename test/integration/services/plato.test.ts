import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  eventually,
  startTestPlatform,
  tenant as tenantHeader,
  type TestPlatform,
} from '../../harness/platform.ts';

// PLATO with a real SYNAPSE, and SYNAPSE's own peers (CAPSULE, PERCEPTION) beside them.

let platform: TestPlatform;

before(async () => {
  platform = await startTestPlatform({
    only: ['plato', 'synapse', 'capsule', 'perception'],
    env: { BUTTERFLY_LOG_LEVEL: 'error' },
  });
});

after(async () => {
  await platform?.stop();
});

const post = (path: string, body: unknown, tenant = 'acme') =>
  platform.call('plato', 'POST', path, body, tenantHeader(tenant));
const get = (path: string, tenant = 'acme') =>
  platform.call('plato', 'GET', path, undefined, tenantHeader(tenant));
const actionsOf = (planId: string, tenant: string) =>
  platform.call('synapse', 'GET', `/api/v1/actions?planId=${planId}`, undefined, tenantHeader(tenant));
const issues = (body: any): Record<string, any> =>
  Object.fromEntries(body.error.details.issues.map((i: any) => [i.field, i]));

let unique = 0;
/** A fresh tenant per test keeps tests independent (policies apply tenant-wide). */
const freshTenant = (label: string) => `${label}-${Date.now()}-${unique++}`;

const policy = (overrides: Record<string, unknown> = {}) => ({
  namespace: 'risk',
  name: 'big-trades',
  policyType: 'RISK',
  rules: [
    {
      ruleId: 'big',
      condition: 'action.type == "TRADE" && action.parameters.amount > 1000',
      action: 'REQUIRE_APPROVAL',
    },
  ],
  scope: { actionTypes: ['TRADE'], rimNodePattern: 'rim:entity:finance:*' },
  ...overrides,
});

const evaluation = (amount: number, rimNodeId = 'rim:entity:finance:EURUSD', type = 'TRADE') => ({
  rimNodeId,
  action: { type, parameters: { amount } },
  context: { env: 'prod' },
});

describe('policies', () => {
  test('create → 201 with the stored policy; read it back; another tenant cannot see it', async () => {
    const tenant = freshTenant('pol');
    const created = await post('/api/v1/policies', policy(), tenant);
    assert.equal(created.status, 201);
    assert.match(created.body.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      { ...created.body, id: undefined, createdAt: undefined },
      { ...policy(), id: undefined, createdAt: undefined },
    );
    const read = await get(`/api/v1/policies/${created.body.id}`, tenant);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);
    const foreign = await get(`/api/v1/policies/${created.body.id}`, 'someone-else');
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, 'NOT_FOUND');
    assert.equal((await get('/api/v1/policies/missing', tenant)).status, 404);
  });

  test('scope defaults to everything when omitted', async () => {
    const created = await post('/api/v1/policies', policy({ scope: undefined }), freshTenant('pol'));
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.scope, {});
  });

  test('(tenant, namespace, name) is unique: a duplicate is 409, another tenant or namespace is fine', async () => {
    const tenant = freshTenant('dup');
    assert.equal((await post('/api/v1/policies', policy(), tenant)).status, 201);
    const duplicate = await post('/api/v1/policies', policy(), tenant);
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.error.code, 'STATE_CONFLICT');
    assert.deepEqual(duplicate.body.error.details, { namespace: 'risk', name: 'big-trades' });
    assert.equal((await post('/api/v1/policies', policy({ namespace: 'other' }), tenant)).status, 201);
    assert.equal((await post('/api/v1/policies', policy(), freshTenant('dup'))).status, 201);
  });

  test('a bad condition is a 400 naming the rule field and the position', async () => {
    const response = await post(
      '/api/v1/policies',
      policy({
        rules: [
          { ruleId: 'ok', condition: 'true', action: 'DENY' },
          { ruleId: 'bad', condition: 'action.amount = 5', action: 'DENY' },
          { ruleId: 'proto', condition: 'action.__proto__.x == 1', action: 'DENY' },
        ],
      }),
      freshTenant('bad'),
    );
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'VALIDATION_FAILED');
    const found = issues(response.body);
    assert.equal(found['body.rules.1.condition'].position, 14);
    assert.match(found['body.rules.1.condition'].message, /^at position 14: unexpected '='; use '=='/);
    assert.equal(found['body.rules.2.condition'].position, 7);
    assert.equal(found['body.rules.0.condition'], undefined);
  });

  test('an over-long or over-nested condition is refused with its position', async () => {
    const tooLong = await post(
      '/api/v1/policies',
      policy({ rules: [{ ruleId: 'r', condition: `${'true || '.repeat(200)}true`, action: 'DENY' }] }),
      freshTenant('bad'),
    );
    assert.equal(tooLong.status, 400);
    assert.equal(issues(tooLong.body)['body.rules.0.condition'].position, 1000);
    const deep = await post(
      '/api/v1/policies',
      policy({
        rules: [{ ruleId: 'r', condition: `${'('.repeat(40)}true${')'.repeat(40)}`, action: 'DENY' }],
      }),
      freshTenant('bad'),
    );
    assert.equal(deep.status, 400);
    assert.match(issues(deep.body)['body.rules.0.condition'].message, /nesting deeper than 32/);
  });

  test('other invalid policies are 400s naming the field', async () => {
    const tenant = freshTenant('bad');
    const cases: [Record<string, unknown>, string][] = [
      [{ namespace: undefined }, 'body.namespace'],
      [{ name: 'has spaces' }, 'body.name'],
      [{ rules: [] }, 'body.rules'],
      [{ rules: [{ ruleId: 'r', condition: 'true', action: 'MAYBE' }] }, 'body.rules.0.action'],
      [
        {
          rules: [
            { ruleId: 'r', condition: 'true', action: 'DENY' },
            { ruleId: 'r', condition: 'false', action: 'DENY' },
          ],
        },
        'body.rules.1.ruleId',
      ],
      [{ scope: { actionType: ['TRADE'] } }, 'body.scope'],
      [{ scope: { rimNodePattern: 'rim:(.*)+' } }, 'body.scope.rimNodePattern'],
      [{ policyType: '' }, 'body.policyType'],
    ];
    for (const [overrides, field] of cases) {
      const response = await post('/api/v1/policies', policy(overrides), tenant);
      assert.equal(response.status, 400, JSON.stringify(overrides));
      assert.ok(
        Object.keys(issues(response.body)).some((f) => f.startsWith(field)),
        `${field} in ${JSON.stringify(response.body.error.details)}`,
      );
    }
  });

  test("GET /api/v1/governance/policies pages the tenant's policies, filtered by namespace", async () => {
    const tenant = freshTenant('list');
    for (const name of ['a', 'b', 'c']) await post('/api/v1/policies', policy({ name }), tenant);
    await post('/api/v1/policies', policy({ namespace: 'ops', name: 'd' }), tenant);
    await post('/api/v1/policies', policy({ name: 'foreign' }), freshTenant('list'));
    const all = await get('/api/v1/governance/policies', tenant);
    assert.equal(all.status, 200);
    assert.equal(all.body.totalElements, 4);
    const risk = await get('/api/v1/governance/policies?namespace=risk&limit=2', tenant);
    assert.equal(risk.body.totalElements, 3);
    assert.equal(risk.body.totalPages, 2);
    assert.deepEqual(
      risk.body.content.map((p: any) => p.name),
      ['c', 'b'],
    );
    const page2 = await get('/api/v1/governance/policies?namespace=risk&limit=2&page=1', tenant);
    assert.deepEqual(
      page2.body.content.map((p: any) => p.name),
      ['a'],
    );
    assert.equal((await get('/api/v1/governance/policies?limit=501', tenant)).status, 400);
  });
});

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
    assert.equal(proto.body.error.code, 'MALFORMED_BODY');
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

const steps = (toolId = 'noop.echo') => [
  { name: 'check', action: { type: 'VALIDATE' }, dependsOn: [] },
  {
    name: 'act',
    action: { type: 'EXECUTE', toolId, parameters: { message: 'hello' } },
    dependsOn: ['check'],
  },
  { name: 'note', action: { type: 'RECORD', parameters: { note: 'done' } }, dependsOn: ['act'] },
];

async function finished(planId: string, tenant: string) {
  return eventually(
    async () => {
      const plan = (await get(`/api/v1/plans/${planId}`, tenant)).body;
      return plan.status !== 'EXECUTING' && plan.status !== 'PENDING' ? plan : undefined;
    },
    10_000,
    `plan ${planId} finished`,
  );
}

describe('plans', () => {
  test('create → 201 PENDING; read it; another tenant gets 404', async () => {
    const tenant = freshTenant('plan');
    const created = await post(
      '/api/v1/plans',
      { namespace: 'ops', rimNodeId: 'rim:test:verification', steps: steps() },
      tenant,
    );
    assert.equal(created.status, 201);
    assert.equal(created.body.status, 'PENDING');
    assert.equal(created.body.mode, null);
    assert.equal(created.body.rimNodeId, 'rim:test:verification');
    assert.deepEqual(
      created.body.steps.map((s: any) => [s.name, s.status, s.result, s.error, s.startedAt]),
      [
        ['check', 'PENDING', null, null, null],
        ['act', 'PENDING', null, null, null],
        ['note', 'PENDING', null, null, null],
      ],
    );
    assert.deepEqual((await get(`/api/v1/plans/${created.body.id}`, tenant)).body, created.body);
    assert.equal((await get(`/api/v1/plans/${created.body.id}`, 'intruder')).status, 404);
    assert.equal((await get('/api/v1/plans/nope', tenant)).status, 404);
  });

  test('an EXECUTE plan runs in dependency order, reaches SYNAPSE and COMPLETES', async () => {
    const tenant = freshTenant('run');
    const created = await post(
      '/api/v1/plans',
      { namespace: 'ops', rimNodeId: 'rim:test:verification', steps: steps().reverse() },
      tenant,
    );
    const started = await post(`/api/v1/plans/${created.body.id}/execute`, { mode: 'EXECUTE' }, tenant);
    assert.equal(started.status, 202);
    assert.equal(started.body.id, created.body.id);
    assert.equal(started.body.status, 'EXECUTING');
    assert.equal(started.body.mode, 'EXECUTE');
    const plan = await finished(created.body.id, tenant);
    assert.equal(plan.status, 'COMPLETED');
    const byName = Object.fromEntries(plan.steps.map((s: any) => [s.name, s]));
    assert.deepEqual(
      Object.values(byName).map((s: any) => s.status),
      ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED'],
    );
    assert.ok(
      byName.check.finishedAt <= byName.act.startedAt && byName.act.finishedAt <= byName.note.startedAt,
      'dependency order',
    );
    assert.equal(byName.act.result.outcomeStatus, 'SUCCESS');
    assert.equal(byName.act.result.executionMode, 'EXECUTE');
    assert.deepEqual(byName.note.result.dependencies, {
      act: { status: 'SUCCEEDED', actionId: byName.act.result.actionId },
    });

    const actions = await actionsOf(plan.id, tenant);
    assert.equal(actions.body.totalElements, 1);
    const action = actions.body.content[0];
    assert.equal(action.actionId, byName.act.result.actionId);
    assert.equal(action.executionMode, 'EXECUTE');
    assert.equal(action.rimNodeId, 'rim:test:verification');
    assert.deepEqual(action.result, { echo: { message: 'hello' } });
    assert.equal(
      (await actionsOf(plan.id, 'intruder')).body.totalElements,
      0,
      'the action is in the same tenant',
    );
  });

  test('a DRY_RUN plan sends its EXECUTE steps to SYNAPSE as dry runs', async () => {
    const tenant = freshTenant('dry');
    const created = await post(
      '/api/v1/plans',
      {
        namespace: 'ops',
        steps: steps('capsule.annotate').map((s) =>
          s.name === 'act' ? { ...s, action: { ...s.action, parameters: { note: 'x' } } } : s,
        ),
        rimNodeId: 'rim:test:dry',
      },
      tenant,
    );
    await post(`/api/v1/plans/${created.body.id}/execute`, { mode: 'DRY_RUN' }, tenant);
    const plan = await finished(created.body.id, tenant);
    assert.equal(plan.status, 'COMPLETED');
    assert.equal(plan.mode, 'DRY_RUN');
    const act = plan.steps.find((s: any) => s.name === 'act');
    assert.equal(act.result.outcomeStatus, 'SIMULATED');
    assert.equal(act.result.executionMode, 'DRY_RUN');
  });

  test('a DENY policy on the EXECUTE step fails it and skips its dependants: FAILED or PARTIAL', async () => {
    const tenant = freshTenant('deny');
    await post(
      '/api/v1/policies',
      policy({
        rules: [{ ruleId: 'no-exec', condition: 'action.toolId == "noop.echo"', action: 'DENY' }],
        scope: { actionTypes: ['EXECUTE'] },
      }),
      tenant,
    );
    const partial = await post(
      '/api/v1/plans',
      { namespace: 'ops', rimNodeId: 'rim:test:deny', steps: steps() },
      tenant,
    );
    await post(`/api/v1/plans/${partial.body.id}/execute`, { mode: 'EXECUTE' }, tenant);
    const plan = await finished(partial.body.id, tenant);
    assert.equal(plan.status, 'PARTIAL');
    assert.deepEqual(
      plan.steps.map((s: any) => s.status),
      ['SUCCEEDED', 'FAILED', 'SKIPPED'],
    );
    assert.equal(plan.steps[1].error, "denied by policy 'big-trades' rule 'no-exec'");
    assert.equal(plan.steps[2].error, "dependency 'act' FAILED");
    assert.equal(
      (await actionsOf(plan.id, tenant)).body.totalElements,
      0,
      'a denied step never reaches SYNAPSE',
    );

    const onlyExecute = await post(
      '/api/v1/plans',
      { namespace: 'ops', steps: [steps()[1]!].map((s) => ({ ...s, dependsOn: [] })) },
      tenant,
    );
    await post(`/api/v1/plans/${onlyExecute.body.id}/execute`, { mode: 'EXECUTE' }, tenant);
    assert.equal((await finished(onlyExecute.body.id, tenant)).status, 'FAILED');
  });

  test('REQUIRE_APPROVAL blocks the EXECUTE step', async () => {
    const tenant = freshTenant('approve');
    await post(
      '/api/v1/policies',
      policy({
        rules: [{ ruleId: 'ask', condition: 'action.type == "EXECUTE"', action: 'REQUIRE_APPROVAL' }],
        scope: {},
      }),
      tenant,
    );
    const created = await post('/api/v1/plans', { namespace: 'ops', steps: steps() }, tenant);
    await post(`/api/v1/plans/${created.body.id}/execute`, { mode: 'EXECUTE' }, tenant);
    const plan = await finished(created.body.id, tenant);
    assert.deepEqual(
      plan.steps.map((s: any) => s.status),
      ['SUCCEEDED', 'BLOCKED', 'SKIPPED'],
    );
    assert.equal(plan.status, 'PARTIAL');
  });

  test('execute: 409 unless PENDING, 404 for unknown or foreign plans, 400 for a bad mode', async () => {
    const tenant = freshTenant('exec');
    const created = await post(
      '/api/v1/plans',
      { namespace: 'ops', steps: [{ name: 'only', action: { type: 'RECORD' } }] },
      tenant,
    );
    assert.equal(
      (await post(`/api/v1/plans/${created.body.id}/execute`, { mode: 'EXECUTE' }, 'intruder')).status,
      404,
    );
    const badMode = await post(`/api/v1/plans/${created.body.id}/execute`, { mode: 'NOW' }, tenant);
    assert.equal(badMode.status, 400);
    assert.ok(issues(badMode.body)['body.mode']);
    assert.equal(
      (await post(`/api/v1/plans/${created.body.id}/execute`, { mode: 'EXECUTE' }, tenant)).status,
      202,
    );
    const again = await post(`/api/v1/plans/${created.body.id}/execute`, { mode: 'EXECUTE' }, tenant);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'STATE_CONFLICT');
    assert.equal((await post('/api/v1/plans/nope/execute', { mode: 'EXECUTE' }, tenant)).status, 404);
    await finished(created.body.id, tenant);
  });

  test('invalid plans are 400s naming the field', async () => {
    const tenant = freshTenant('badplan');
    const cases: [unknown[], string, RegExp][] = [
      [
        [
          { name: 'a', action: { type: 'RECORD' } },
          { name: 'a', action: { type: 'RECORD' } },
        ],
        'body.steps.1.name',
        /used twice/,
      ],
      [
        [{ name: 'a', action: { type: 'RECORD' }, dependsOn: ['ghost'] }],
        'body.steps.0.dependsOn.0',
        /unknown step 'ghost'/,
      ],
      [
        [
          { name: 'a', action: { type: 'RECORD' }, dependsOn: ['b'] },
          { name: 'b', action: { type: 'RECORD' }, dependsOn: ['a'] },
        ],
        'body.steps.1.dependsOn',
        /cycle: a -> b -> a/,
      ],
      [[{ name: 'a', action: { type: 'EXECUTE' } }], 'body.steps.0.action.toolId', /needs the toolId/],
      [[{ name: 'a', action: { type: 'LAUNCH' } }], 'body.steps.0.action.type', /./],
      [[{ name: 'bad name', action: { type: 'RECORD' } }], 'body.steps.0.name', /./],
      [[], 'body.steps', /./],
    ];
    for (const [planSteps, field, message] of cases) {
      const response = await post('/api/v1/plans', { namespace: 'ops', steps: planSteps }, tenant);
      assert.equal(response.status, 400, field);
      assert.match(
        issues(response.body)[field]?.message ??
          `missing ${field} in ${JSON.stringify(response.body.error.details)}`,
        message,
      );
    }
    const badNode = await post('/api/v1/plans', { namespace: 'ops', rimNodeId: 'x', steps: steps() }, tenant);
    assert.ok(issues(badNode.body)['body.rimNodeId']);
  });

  test('GET /api/v1/plans pages plans filtered by rimNodeId and status, within the tenant', async () => {
    const tenant = freshTenant('plist');
    const ids: string[] = [];
    for (const rimNodeId of ['rim:test:a', 'rim:test:a', 'rim:test:b']) {
      ids.push(
        (
          await post(
            '/api/v1/plans',
            { namespace: 'ops', rimNodeId, steps: [{ name: 'r', action: { type: 'RECORD' } }] },
            tenant,
          )
        ).body.id,
      );
    }
    await post(
      '/api/v1/plans',
      { namespace: 'ops', rimNodeId: 'rim:test:a', steps: [{ name: 'r', action: { type: 'RECORD' } }] },
      freshTenant('plist'),
    );
    await post(`/api/v1/plans/${ids[0]}/execute`, { mode: 'EXECUTE' }, tenant);
    await finished(ids[0]!, tenant);
    const byNode = await get('/api/v1/plans?rimNodeId=rim:test:a', tenant);
    assert.equal(byNode.status, 200);
    assert.equal(byNode.body.totalElements, 2);
    assert.deepEqual(
      byNode.body.content.map((p: any) => p.id),
      [ids[1], ids[0]],
    );
    assert.equal(byNode.body.content[1].steps.length, 1, 'plans in a page carry their steps');
    const completed = await get('/api/v1/plans?rimNodeId=rim:test:a&status=COMPLETED', tenant);
    assert.deepEqual(
      completed.body.content.map((p: any) => p.id),
      [ids[0]],
    );
    const paged = await get('/api/v1/plans?limit=1&page=2', tenant);
    assert.equal(paged.body.totalPages, 3);
    assert.deepEqual(
      paged.body.content.map((p: any) => p.id),
      [ids[0]],
    );
    assert.equal((await get('/api/v1/plans?status=DONE', tenant)).status, 400);
  });

  test('the OpenAPI document lists every endpoint', async () => {
    const doc = (await get('/v3/api-docs')).body;
    for (const path of [
      '/api/v1/policies',
      '/api/v1/policies/{id}',
      '/api/v1/governance/policies',
      '/api/v1/governance/evaluate',
      '/api/v1/plans',
      '/api/v1/plans/{id}',
      '/api/v1/plans/{id}/execute',
    ]) {
      assert.ok(doc.paths[path], path);
    }
  });
});
