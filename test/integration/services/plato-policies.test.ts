import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { post, get, issues, freshTenant, policy, usePlatoPlatform } from './plato-platform.ts';

usePlatoPlatform();

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
    assert.equal(foreign.body.error.code, 'BFY_ERR_NOT_FOUND');
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
    assert.equal(duplicate.body.error.code, 'BFY_ERR_STATE_CONFLICT');
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
    assert.equal(response.body.error.code, 'BFY_ERR_VALIDATION_FAILED');
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
