import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { capsule, act, get, issues, useSynapsePlatform } from './synapse-platform.ts';

useSynapsePlatform();

describe('idempotency', () => {
  test('a replay returns the same action and never runs the tool twice', async () => {
    const key = `key-${Date.now()}`;
    const body = {
      toolId: 'capsule.annotate',
      parameters: { note: 'once' },
      executionMode: 'EXECUTE',
      rimNodeId: 'rim:test:idem',
    };
    const before = capsule.requests.length;
    const first = await act(body, 'acme', { 'x-idempotency-key': key });
    const second = await act({ ...body, parameters: { note: 'once' } }, 'acme', { 'x-idempotency-key': key });
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.deepEqual(second.body, first.body);
    assert.equal(first.headers.get('x-idempotent-replayed'), null);
    assert.equal(second.headers.get('x-idempotent-replayed'), 'true');
    assert.equal(capsule.requests.length, before + 1);
  });

  test('concurrent requests with one key run the tool once', async () => {
    const key = `burst-${Date.now()}`;
    const before = capsule.requests.length;
    const body = {
      toolId: 'capsule.annotate',
      parameters: { note: 'burst' },
      executionMode: 'EXECUTE',
      rimNodeId: 'rim:test:burst',
    };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => act(body, 'acme', { 'x-idempotency-key': key })),
    );
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    assert.equal(new Set(answers.map((a) => a.body.actionId)).size, 1);
    assert.equal(capsule.requests.length, before + 1);
  });

  test('the same key with a different request is a 409; keys are per tenant', async () => {
    const key = `conflict-${Date.now()}`;
    const first = await act({ toolId: 'noop.echo', parameters: { n: 1 }, executionMode: 'EXECUTE' }, 'acme', {
      'x-idempotency-key': key,
    });
    const conflict = await act(
      { toolId: 'noop.echo', parameters: { n: 2 }, executionMode: 'EXECUTE' },
      'acme',
      { 'x-idempotency-key': key },
    );
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.error.code, 'BFY_ERR_IDEMPOTENCY_CONFLICT');
    const otherTenant = await act(
      { toolId: 'noop.echo', parameters: { n: 2 }, executionMode: 'EXECUTE' },
      'globex',
      { 'x-idempotency-key': key },
    );
    assert.equal(otherTenant.status, 200);
    assert.notEqual(otherTenant.body.actionId, first.body.actionId);
  });
});

describe('reading the action log', () => {
  test('GET one action; another tenant or an unknown id is a 404', async () => {
    const created = await act({ toolId: 'noop.echo', parameters: { read: true }, executionMode: 'EXECUTE' });
    const read = await get(`/api/v1/actions/${created.body.actionId}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);
    const foreign = await get(`/api/v1/actions/${created.body.actionId}`, 'globex');
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, 'BFY_ERR_NOT_FOUND');
    assert.equal((await get('/api/v1/actions/nope')).status, 404);
  });

  test('lists filter by planId and rimNodeId, page newest first, and stay within the tenant', async () => {
    const tenant = `lister-${Date.now()}`;
    for (let i = 0; i < 3; i += 1)
      await act(
        {
          toolId: 'noop.echo',
          parameters: { i },
          executionMode: 'EXECUTE',
          planId: 'plan-a',
          rimNodeId: 'rim:test:list',
        },
        tenant,
      );
    await act({ toolId: 'noop.echo', parameters: {}, executionMode: 'EXECUTE', planId: 'plan-b' }, tenant);
    await act({ toolId: 'noop.echo', parameters: {}, executionMode: 'EXECUTE', planId: 'plan-a' }, 'globex');
    const byPlan = await get('/api/v1/actions?planId=plan-a&limit=2', tenant);
    assert.equal(byPlan.status, 200);
    assert.equal(byPlan.body.totalElements, 3);
    assert.equal(byPlan.body.totalPages, 2);
    assert.equal(byPlan.body.size, 2);
    assert.deepEqual(
      byPlan.body.content.map((a: any) => a.parameters.i),
      [2, 1],
    );
    const secondPage = await get('/api/v1/actions?planId=plan-a&limit=2&page=1', tenant);
    assert.deepEqual(
      secondPage.body.content.map((a: any) => a.parameters.i),
      [0],
    );
    assert.equal((await get('/api/v1/actions?rimNodeId=rim:test:list', tenant)).body.totalElements, 3);
    assert.equal((await get('/api/v1/actions', tenant)).body.totalElements, 4);
    assert.equal((await get('/api/v1/actions?planId=plan-a', 'globex')).body.totalElements, 1);
    const badQuery = await get('/api/v1/actions?rimNodeId=bad&limit=0', tenant);
    assert.equal(badQuery.status, 400);
    assert.deepEqual(Object.keys(issues(badQuery.body)).sort(), [
      'querystring.limit',
      'querystring.rimNodeId',
    ]);
  });

  test('GET /api/v1/tools lists the built-in tools', async () => {
    const response = await get('/api/v1/tools');
    assert.deepEqual(response.body.tools.map((t: any) => t.toolId).sort(), [
      'capsule.annotate',
      'governance.check',
      'noop.echo',
    ]);
  });

  test('the OpenAPI document describes the endpoints', async () => {
    const doc = (await get('/v3/api-docs')).body;
    assert.ok(doc.paths['/api/v1/actions'].post);
    assert.ok(doc.paths['/api/v1/actions/{actionId}'].get);
    assert.ok(doc.paths['/api/v1/tools'].get);
  });
});
