import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RIM_ID_RULE } from '../../../src/kit/rim-id/index.ts';
import { eventually, startTestPlatform, tenant, type TestPlatform } from '../../harness/platform.ts';

// PERCEPTION in the whole embedded platform: signals reach CAPSULE through the outbox for real.

let platform: TestPlatform;

before(async () => {
  platform = await startTestPlatform();
});

after(async () => {
  await platform?.stop();
});

/** GET from PERCEPTION as a tenant. */
const get = (path: string, tenantId: string) =>
  platform.call('perception', 'GET', path, undefined, tenant(tenantId));

function signalBody(rimNodeId: string, overrides: Record<string, unknown> = {}) {
  return {
    signalType: 'price-tick',
    source: 'perception.test.ts',
    rimNodeId,
    payload: { bid: 1.0812, ask: 1.0814 },
    metadata: { region: 'eu' },
    ...overrides,
  };
}

function outcomeBody(actionId: string, rimNodeId: string, overrides: Record<string, unknown> = {}) {
  return {
    actionId,
    rimNodeId,
    toolId: 'hedge-position',
    outcomeStatus: 'SUCCESS',
    planId: 'plan-1',
    completedAt: new Date().toISOString(),
    ...overrides,
  };
}

async function sendSignal(rimNodeId: string, tenantId = 'perc-a', overrides: Record<string, unknown> = {}) {
  const response = await platform.call(
    'perception',
    'POST',
    '/api/v1/signals',
    signalBody(rimNodeId, overrides),
    tenant(tenantId),
  );
  assert.equal(response.status, 202, JSON.stringify(response.body));
  return response.body as { signalId: string; rimNodeId: string; status: string; receivedAt: string };
}

interface NodeStateView {
  rimNodeId: string;
  status: string;
  capsuleId: string;
  lastSignalAt: string;
  lastSignalId: string;
  lastOutcome: unknown;
}

const fieldsOf = (body: { error: { details: { issues: { field: string }[] } } }): string[] =>
  body.error.details.issues.map((issue) => issue.field);

test('a signal is accepted (202), its node becomes OBSERVED, and CAPSULE stores its capsule, whose id reaches the state', async () => {
  const rim = 'rim:entity:finance:EURUSD';
  const accepted = await sendSignal(rim);
  assert.equal(accepted.status, 'ACCEPTED');
  assert.equal(accepted.rimNodeId, rim);
  assert.match(accepted.signalId, /^[0-9a-f-]{36}$/);

  const state = await eventually(
    async () => {
      const response = await get(`/api/v1/state/${rim}`, 'perc-a');
      return response.status === 200 && response.body.capsuleId
        ? (response.body as NodeStateView)
        : undefined;
    },
    5000,
    'capsuleId in the node state',
  );
  assert.equal(state.rimNodeId, rim);
  assert.equal(state.status, 'OBSERVED');
  assert.equal(state.lastSignalAt, accepted.receivedAt);
  assert.equal(state.lastSignalId, accepted.signalId);
  assert.equal(state.lastOutcome, null);

  const capsule = await platform.call(
    'capsule',
    'GET',
    `/api/v1/capsules/${state.capsuleId}`,
    undefined,
    tenant('perc-a'),
  );
  assert.equal(capsule.status, 200);
  assert.equal(capsule.body.header.scope.scopeId, rim);
  assert.equal(Date.parse(capsule.body.header.time.centerTsUtc), Date.parse(accepted.receivedAt));
  assert.deepEqual(capsule.body.header.vantage, { mode: 'OBSERVER', observerId: 'perception-api' });
  assert.deepEqual(capsule.body.configuration, { signalType: 'price-tick', source: 'perception.test.ts' });
  assert.deepEqual(capsule.body.dynamics, { payload: { bid: 1.0812, ask: 1.0814 } });
  assert.equal(capsule.body.meta.signalId, accepted.signalId);

  const signal = await get(`/api/v1/signals/${accepted.signalId}`, 'perc-a');
  assert.equal(signal.status, 200);
  assert.equal(signal.body.capsuleId, state.capsuleId);
  assert.equal(signal.body.capsuleStatus, 'CREATED');
  assert.deepEqual(signal.body.payload, { bid: 1.0812, ask: 1.0814 });
  assert.deepEqual(signal.body.metadata, { region: 'eu' });

  const inScope = await platform.call(
    'capsule',
    'GET',
    `/api/v1/capsules?scopeId=${rim}`,
    undefined,
    tenant('perc-a'),
  );
  assert.equal(inScope.body.totalElements, 1, 'exactly one capsule per signal');
});

test('signal validation names the field: RIM id (with the rule), blank or long strings, non-object payload and metadata', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [signalBody('not-a-rim-id'), 'body.rimNodeId'],
    [signalBody('rim:test:x', { signalType: '' }), 'body.signalType'],
    [signalBody('rim:test:x', { signalType: '   ' }), 'body.signalType'],
    [signalBody('rim:test:x', { source: 'x'.repeat(257) }), 'body.source'],
    [signalBody('rim:test:x', { payload: [1, 2] }), 'body.payload'],
    [signalBody('rim:test:x', { payload: undefined }), 'body.payload'],
    [signalBody('rim:test:x', { metadata: 'eu' }), 'body.metadata'],
  ];
  for (const [body, field] of cases) {
    const response = await platform.call('perception', 'POST', '/api/v1/signals', body, tenant('perc-a'));
    assert.equal(response.status, 400, field);
    assert.equal(response.body.error.code, 'VALIDATION_FAILED');
    assert.ok(
      fieldsOf(response.body).includes(field),
      `${field} in ${JSON.stringify(fieldsOf(response.body))}`,
    );
  }
  const bad = await platform.call(
    'perception',
    'POST',
    '/api/v1/signals',
    signalBody('rim:Test'),
    tenant('perc-a'),
  );
  assert.equal(bad.body.error.details.issues[0].message, RIM_ID_RULE);

  const noMetadata = await platform.call(
    'perception',
    'POST',
    '/api/v1/signals',
    signalBody('rim:test:no-metadata', { metadata: undefined }),
    tenant('perc-a'),
  );
  assert.equal(noMetadata.status, 202, 'metadata is optional');
});

test('state: 400 for a bad RIM id, 404 for an unknown node and for another tenant’s node', async () => {
  const rim = 'rim:test:state-isolation';
  await sendSignal(rim, 'perc-owner');
  const own = await get(`/api/v1/state/${rim}`, 'perc-owner');
  assert.equal(own.status, 200);
  const other = await get(`/api/v1/state/${rim}`, 'perc-intruder');
  assert.equal(other.status, 404);
  assert.equal(other.body.error.code, 'NOT_FOUND');
  const unknown = await get('/api/v1/state/rim:test:never-seen', 'perc-owner');
  assert.equal(unknown.status, 404);
  const bad = await get('/api/v1/state/EURUSD', 'perc-owner');
  assert.equal(bad.status, 400);
  assert.deepEqual(fieldsOf(bad.body), ['params.rimNodeId']);
});

test('signals page newest first, filter by node, and are the tenant’s own; a signal of another tenant is a 404', async () => {
  const rim = 'rim:test:paging';
  const sent = [];
  for (let i = 0; i < 3; i += 1) sent.push(await sendSignal(rim, 'perc-pager', { payload: { i } }));
  await sendSignal('rim:test:paging-other', 'perc-pager');

  const first = await get(`/api/v1/signals?rimNodeId=${rim}&limit=2`, 'perc-pager');
  assert.equal(first.status, 200);
  assert.deepEqual(
    first.body.content.map((s: { signalId: string }) => s.signalId),
    [sent[2]!.signalId, sent[1]!.signalId],
  );
  assert.deepEqual(
    [first.body.totalElements, first.body.totalPages, first.body.number, first.body.size],
    [3, 2, 0, 2],
  );
  const second = await get(`/api/v1/signals?rimNodeId=${rim}&limit=2&page=1`, 'perc-pager');
  assert.deepEqual(
    second.body.content.map((s: { signalId: string }) => s.signalId),
    [sent[0]!.signalId],
  );
  const all = await get('/api/v1/signals', 'perc-pager');
  assert.equal(all.body.totalElements, 4);

  const intruder = await get(`/api/v1/signals?rimNodeId=${rim}`, 'perc-intruder');
  assert.equal(intruder.body.totalElements, 0);
  const theirs = await get(`/api/v1/signals/${sent[0]!.signalId}`, 'perc-intruder');
  assert.equal(theirs.status, 404);
  const unknown = await get('/api/v1/signals/no-such-signal', 'perc-pager');
  assert.equal(unknown.status, 404);

  for (const query of ['rimNodeId=nope', 'limit=0', 'limit=501', 'page=-1']) {
    const response = await get(`/api/v1/signals?${query}`, 'perc-pager');
    assert.equal(response.status, 400, query);
    assert.equal(fieldsOf(response.body)[0], `querystring.${query.split('=')[0]}`);
  }
});

test('an outcome after the signal makes the node ACTIVE; a replay is a duplicate; a different report of the same action is a conflict', async () => {
  const rim = 'rim:test:outcome';
  await sendSignal(rim, 'perc-loop');
  const body = outcomeBody('action-1', rim, { completedAt: new Date(Date.now() + 5).toISOString() });
  const first = await platform.call('perception', 'POST', '/api/v1/outcomes', body, tenant('perc-loop'));
  assert.equal(first.status, 202);
  assert.deepEqual(first.body, { actionId: 'action-1', rimNodeId: rim, accepted: true, duplicate: false });

  const state = await get(`/api/v1/state/${rim}`, 'perc-loop');
  assert.equal(state.body.status, 'ACTIVE');
  assert.equal(state.body.lastOutcome.actionId, 'action-1');
  assert.equal(state.body.lastOutcome.outcomeStatus, 'SUCCESS');
  assert.equal(state.body.lastOutcome.toolId, 'hedge-position');
  assert.equal(state.body.lastOutcome.planId, 'plan-1');
  assert.ok(Date.parse(state.body.lastOutcome.receivedAt) > 0);

  const replay = await platform.call('perception', 'POST', '/api/v1/outcomes', body, tenant('perc-loop'));
  assert.equal(replay.status, 202);
  assert.equal(replay.body.duplicate, true);

  const conflicting = await platform.call(
    'perception',
    'POST',
    '/api/v1/outcomes',
    { ...body, outcomeStatus: 'FAILED' },
    tenant('perc-loop'),
  );
  assert.equal(conflicting.status, 409);
  assert.equal(conflicting.body.error.code, 'IDEMPOTENCY_CONFLICT');

  await sendSignal(rim, 'perc-loop');
  const observed = await get(`/api/v1/state/${rim}`, 'perc-loop');
  assert.equal(observed.body.status, 'OBSERVED', 'a new signal waits for a new outcome');
  assert.equal(observed.body.lastOutcome.actionId, 'action-1');
});

test('an outcome for a node PERCEPTION never saw creates it ACTIVE (SYNAPSE would otherwise retry forever); tenants stay apart', async () => {
  const rim = 'rim:test:outcome-first';
  const response = await platform.call(
    'perception',
    'POST',
    '/api/v1/outcomes',
    outcomeBody('action-x', rim, { planId: undefined }),
    tenant('perc-loop'),
  );
  assert.equal(response.status, 202);
  const state = await get(`/api/v1/state/${rim}`, 'perc-loop');
  assert.equal(state.body.status, 'ACTIVE');
  assert.equal(state.body.lastSignalAt, null);
  assert.equal(state.body.capsuleId, null);
  assert.equal(state.body.lastOutcome.planId, null);
  const other = await get(`/api/v1/state/${rim}`, 'perc-intruder');
  assert.equal(other.status, 404);
  const sameActionOtherTenant = await platform.call(
    'perception',
    'POST',
    '/api/v1/outcomes',
    outcomeBody('action-x', rim, { outcomeStatus: 'FAILED' }),
    tenant('perc-intruder'),
  );
  assert.equal(sameActionOtherTenant.body.duplicate, false, "another tenant's action ids are its own");
});

test('the loop closes for real: a SYNAPSE action on the node reports its outcome and the node becomes ACTIVE', async () => {
  const rim = 'rim:test:loop-closes';
  await sendSignal(rim, 'perc-golden');
  const action = await platform.call(
    'synapse',
    'POST',
    '/api/v1/actions',
    {
      toolId: 'noop.echo',
      parameters: { note: 'perception.test.ts' },
      executionMode: 'EXECUTE',
      rimNodeId: rim,
    },
    tenant('perc-golden'),
  );
  assert.equal(action.status, 200, JSON.stringify(action.body));
  const state = await eventually(
    async () => {
      const response = await get(`/api/v1/state/${rim}`, 'perc-golden');
      return response.body?.status === 'ACTIVE'
        ? (response.body as { lastOutcome: { actionId: string; toolId: string } })
        : undefined;
    },
    8000,
    'the outcome at PERCEPTION',
  );
  assert.equal(state.lastOutcome.actionId, action.body.actionId);
  assert.equal(state.lastOutcome.toolId, 'noop.echo');
});

test('outcome validation names the field', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [outcomeBody('', 'rim:test:x'), 'body.actionId'],
    [outcomeBody('a', 'bad id'), 'body.rimNodeId'],
    [outcomeBody('a', 'rim:test:x', { toolId: undefined }), 'body.toolId'],
    [outcomeBody('a', 'rim:test:x', { outcomeStatus: 42 }), 'body.outcomeStatus'],
    [outcomeBody('a', 'rim:test:x', { completedAt: 'yesterday' }), 'body.completedAt'],
  ];
  for (const [body, field] of cases) {
    const response = await platform.call('perception', 'POST', '/api/v1/outcomes', body, tenant('perc-loop'));
    assert.equal(response.status, 400, field);
    assert.ok(
      fieldsOf(response.body).includes(field),
      `${field} in ${JSON.stringify(fieldsOf(response.body))}`,
    );
  }
});

test('while CAPSULE cannot be reached the capsule waits in the outbox (health and gauges show it), then arrives', async () => {
  assert.equal((await platform.breaker('perception', 'capsule-client', 'forceOpen')).status, 200);
  try {
    const rim = 'rim:test:outbox-backlog';
    const accepted = await sendSignal(rim, 'perc-outbox');
    const health = await platform.call('perception', 'GET', '/actuator/health/outbox');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'UP', 'a backlog is not an outage of PERCEPTION');
    assert.ok(health.body.details['capsule-creations'].depth >= 1);
    const metrics = await fetch(new URL('/actuator/prometheus', platform.urls.perception)).then((r) =>
      r.text(),
    );
    const depth = /butterfly_outbox_depth\{[^}]*topic="capsule-creations"[^}]*\} (\d+)/.exec(metrics);
    assert.ok(depth && Number(depth[1]) >= 1, 'butterfly_outbox_depth gauge');
    assert.match(metrics, /butterfly_outbox_oldest_age_seconds\{[^}]*topic="capsule-creations"/);
    const pending = await get(`/api/v1/signals/${accepted.signalId}`, 'perc-outbox');
    assert.equal(pending.body.capsuleStatus, 'PENDING');
    assert.equal(pending.body.capsuleId, null);
  } finally {
    assert.equal((await platform.breaker('perception', 'capsule-client', 'reset')).status, 200);
  }
  await eventually(
    async () => {
      const state = await get('/api/v1/state/rim:test:outbox-backlog', 'perc-outbox');
      return state.body.capsuleId as string | undefined;
    },
    12_000,
    'the queued capsule delivered after the breaker closed',
  );
  const health = await platform.call('perception', 'GET', '/actuator/health/outbox');
  assert.equal(health.body.details['capsule-creations'].depth, 0);
});

test('the OpenAPI document publishes every PERCEPTION endpoint', async () => {
  const doc = await platform.call('perception', 'GET', '/v3/api-docs');
  assert.equal(doc.status, 200);
  for (const [path, method] of [
    ['/api/v1/signals', 'post'],
    ['/api/v1/signals', 'get'],
    ['/api/v1/signals/{signalId}', 'get'],
    ['/api/v1/state/{rimNodeId}', 'get'],
    ['/api/v1/outcomes', 'post'],
  ] as const) {
    assert.ok(doc.body.paths[path]?.[method], `${method.toUpperCase()} ${path}`);
  }
});
