import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, tenant } from '../../harness/platform.ts';
import {
  platform,
  get,
  outcomeBody,
  sendSignal,
  fieldsOf,
  usePerceptionPlatform,
} from './perception-platform.ts';

usePerceptionPlatform();

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
  assert.equal(conflicting.body.error.code, 'BFY_ERR_IDEMPOTENCY_CONFLICT');

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
