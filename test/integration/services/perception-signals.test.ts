import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RIM_ID_RULE } from '../../../src/kit/rim-id/index.ts';
import { eventually, tenant } from '../../harness/platform.ts';
import {
  platform,
  get,
  signalBody,
  sendSignal,
  type NodeStateView,
  fieldsOf,
  usePerceptionPlatform,
} from './perception-platform.ts';

usePerceptionPlatform();

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
    assert.equal(response.body.error.code, 'BFY_ERR_VALIDATION_FAILED');
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
  assert.equal(other.body.error.code, 'BFY_ERR_NOT_FOUND');
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
