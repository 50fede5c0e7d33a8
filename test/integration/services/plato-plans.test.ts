import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  post,
  get,
  actionsOf,
  issues,
  freshTenant,
  policy,
  steps,
  finished,
  usePlatoPlatform,
} from './plato-platform.ts';

usePlatoPlatform();

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
    assert.equal(again.body.error.code, 'BFY_ERR_STATE_CONFLICT');
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
