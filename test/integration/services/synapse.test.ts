import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakePeer } from '../../harness/fake-peer.ts';
import {
  eventually,
  startTestPlatform,
  tenant as tenantHeader,
  type TestPlatform,
} from '../../harness/platform.ts';
import type { RunningService } from '../../../src/host/index.ts';

// SYNAPSE with a real PLATO. CAPSULE and PERCEPTION are fakes: the tests decide what CAPSULE
// answers and check what each of them received.

let capsuleStatus = 201;
let capsuleCount = 0;
const capsule = await fakePeer((request) => {
  if (capsuleStatus >= 300)
    return { status: capsuleStatus, body: { error: { code: 'X', message: 'capsule says no' } } };
  capsuleCount += 1;
  return { status: 201, body: { capsuleId: `caps-${capsuleCount}`, ...request.body } };
});
const perception = await fakePeer(() => ({ status: 202, body: { accepted: true, duplicate: false } }));

let platform: TestPlatform;
/** A second SYNAPSE with a limit of 3 per minute, driven through inject(). */
let limitedPlatform: TestPlatform;
let limited: RunningService;

before(async () => {
  const env = {
    BUTTERFLY_LOG_LEVEL: 'error',
    BUTTERFLY_CAPSULE_URL: capsule.url,
    BUTTERFLY_PERCEPTION_URL: perception.url,
  };
  // Started together: opening each embedded database is most of the start-up time.
  [platform, limitedPlatform] = await Promise.all([
    startTestPlatform({ only: ['plato', 'synapse'], env }),
    startTestPlatform({ only: ['synapse'], env: { ...env, BUTTERFLY_RATE_LIMIT_PER_MINUTE: '3' } }),
  ]);
  limited = limitedPlatform.services.synapse;
});

after(async () => {
  await Promise.all([platform?.stop(), limitedPlatform?.stop()]);
  await Promise.all([capsule.close(), perception.close()]);
});

const act = (body: unknown, tenant = 'acme', headers: Record<string, string> = {}) =>
  platform.call('synapse', 'POST', '/api/v1/actions', body, { ...tenantHeader(tenant), ...headers });
const get = (path: string, tenant = 'acme') =>
  platform.call('synapse', 'GET', path, undefined, tenantHeader(tenant));
const issues = (body: any): Record<string, string> =>
  Object.fromEntries(body.error.details.issues.map((i: any) => [i.field, i.message]));

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
    capsuleStatus = 503;
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
      capsuleStatus = 400;
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
      capsuleStatus = 201;
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
    assert.equal(unknownTool.body.error.code, 'VALIDATION_FAILED');
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
    assert.equal(conflict.body.error.code, 'IDEMPOTENCY_CONFLICT');
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
    assert.equal(foreign.body.error.code, 'NOT_FOUND');
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

describe('outcomes to PERCEPTION', () => {
  test('an action with a RIM node is reported through the outbox; one without is not', async () => {
    const withNode = await act(
      {
        toolId: 'noop.echo',
        parameters: {},
        executionMode: 'EXECUTE',
        rimNodeId: 'rim:test:outcome',
        planId: 'plan-o',
      },
      'acme',
      {
        'x-correlation-id': 'corr-outcome-1',
      },
    );
    const withoutNode = await act({
      toolId: 'noop.echo',
      parameters: { silent: true },
      executionMode: 'EXECUTE',
    });
    const report = await eventually(
      async () => perception.requests.find((r) => r.body?.actionId === withNode.body.actionId),
      5000,
      'outcome report',
    );
    assert.equal(report.method, 'POST');
    assert.equal(report.url, '/api/v1/outcomes');
    assert.equal(report.headers['x-tenant-id'], 'acme');
    assert.equal(report.headers['x-correlation-id'], 'corr-outcome-1');
    assert.deepEqual(report.body, {
      actionId: withNode.body.actionId,
      rimNodeId: 'rim:test:outcome',
      toolId: 'noop.echo',
      outcomeStatus: 'SUCCESS',
      planId: 'plan-o',
      completedAt: withNode.body.completedAt,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(
      perception.requests.some((r) => r.body?.actionId === withoutNode.body.actionId),
      false,
    );
    const health = await get('/actuator/health');
    assert.equal(health.body.components.outbox.details['perception-outcomes'].depth, 0);
  });
});

describe('rate limit', () => {
  test('past the per-tenant limit: 429 with Retry-After and X-RateLimit-*, other tenants unaffected', async () => {
    const post = (tenant: string) =>
      limited.app.inject({
        method: 'POST',
        url: '/api/v1/actions',
        headers: { 'x-tenant-id': tenant },
        payload: { toolId: 'noop.echo', parameters: {}, executionMode: 'DRY_RUN' },
      });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const ok = await post('small');
      assert.equal(ok.statusCode, 200);
      remaining.push(String(ok.headers['x-ratelimit-remaining']));
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    const refused = await post('small');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'RATE_LIMITED');
    assert.equal(refused.json().error.details.limiter, 'local');
    assert.equal(refused.headers['x-ratelimit-limit'], '3');
    assert.equal(refused.headers['x-ratelimit-remaining'], '0');
    const reset = Number(refused.headers['x-ratelimit-reset']);
    assert.ok(reset > 0 && reset <= 60, `reset ${reset}`);
    assert.equal(refused.headers['retry-after'], String(reset));
    assert.equal(refused.headers['x-ratelimit-limiter'], 'local');
    const invalid = await limited.app.inject({
      method: 'POST',
      url: '/api/v1/actions',
      headers: { 'x-tenant-id': 'small' },
      payload: { nonsense: true },
    });
    assert.equal(invalid.statusCode, 429, 'counted before validation');
    assert.equal((await post('roomy')).statusCode, 200);
    const reads = await limited.app.inject({
      method: 'GET',
      url: '/api/v1/actions',
      headers: { 'x-tenant-id': 'small' },
    });
    assert.equal(reads.statusCode, 200, 'reads are not limited');
  });
});
