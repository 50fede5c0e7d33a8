import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../../harness/platform.ts';
import { platform, call, capsuleBody, fields, useOdysseyPlatform } from './odyssey-platform.ts';

useOdysseyPlatform();

describe('POST /api/v1/capsule/orchestrate', () => {
  const scope = 'rim:odyssey-test:orchestrate';
  const tenant = 'orchestra';
  const breaker = (action: 'forceOpen' | 'reset') => platform.breaker('odyssey', 'capsule-client', action);
  const orchestrate = (scopeId: string, as = tenant) =>
    call('odyssey', 'POST', '/api/v1/capsule/orchestrate', { scopeId, mode: 'READ' }, as);

  before(async () => {
    for (const hour of [10, 11, 12]) {
      assert.equal(
        (
          await call(
            'capsule',
            'POST',
            '/api/v1/capsules',
            capsuleBody(scope, `2024-05-01T${hour}:00:00Z`),
            tenant,
          )
        ).status,
        201,
      );
    }
    // Announcements arrive through CAPSULE's outbox.
    await eventually(
      async () => (await orchestrate(scope)).body.entity?.observationCount === 3,
      8000,
      'entity observed',
    );
  });

  test('reads the latest capsules live from CAPSULE with the entity state', async () => {
    const listed = await call('capsule', 'GET', `/api/v1/capsules?scopeId=${scope}`, undefined, tenant);
    const answer = await orchestrate(scope);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('x-butterfly-degraded'), null);
    assert.deepEqual(
      {
        scopeId: answer.body.scopeId,
        mode: answer.body.mode,
        source: answer.body.source,
        degraded: answer.body.degraded,
        cacheAgeSeconds: answer.body.cacheAgeSeconds,
      },
      { scopeId: scope, mode: 'READ', source: 'LIVE', degraded: false, cacheAgeSeconds: undefined },
    );
    assert.deepEqual(answer.body.capsules, listed.body.content);
    assert.equal(answer.body.entity.latestCapsuleId, listed.body.content[0].capsuleId);
    assert.ok(Math.abs(Date.parse(answer.body.fetchedAt) - Date.now()) < 5000);
  });

  test('a scope with no capsules reads as empty, with no entity', async () => {
    const answer = await orchestrate('rim:odyssey-test:empty-scope');
    assert.equal(answer.status, 200);
    assert.deepEqual([answer.body.capsules, answer.body.entity], [[], null]);
  });

  test('with the capsule-client breaker open: the cached answer, flagged degraded; 503 when nothing is cached', async (t) => {
    const live = await orchestrate(scope);
    const opened = await breaker('forceOpen');
    t.after(() => breaker('reset'));
    assert.equal(opened.status, 200);
    assert.equal(opened.body.state, 'FORCED_OPEN');

    const degraded = await orchestrate(scope);
    assert.equal(degraded.status, 200);
    assert.equal(degraded.headers.get('x-butterfly-degraded'), 'capsule-unreachable');
    assert.equal(degraded.body.source, 'CACHE');
    assert.equal(degraded.body.degraded, true);
    assert.equal(degraded.body.fetchedAt, live.body.fetchedAt);
    assert.ok(degraded.body.cacheAgeSeconds >= 0 && degraded.body.cacheAgeSeconds < 30);
    assert.deepEqual(degraded.body.capsules, live.body.capsules);
    assert.equal(degraded.body.entity.observationCount, 3);

    const metrics = await fetch(new URL('/actuator/prometheus', platform.urls.odyssey)).then((response) =>
      response.text(),
    );
    assert.match(metrics, /^butterfly_degraded_responses_total\{reason="capsule-unreachable"[^}]*\} 1$/m);

    // Nothing cached: for a scope never read, and for the same scope in another tenant.
    for (const [scopeId, as] of [
      ['rim:odyssey-test:never-read', tenant],
      [scope, 'someone-else'],
    ] as const) {
      const unavailable = await orchestrate(scopeId, as);
      assert.equal(unavailable.status, 503);
      assert.equal(unavailable.body.error.code, 'BFY_ERR_UPSTREAM_UNAVAILABLE');
      assert.equal(unavailable.headers.get('retry-after'), '5');
    }

    assert.equal((await breaker('reset')).body.state, 'CLOSED');
    const recovered = await orchestrate(scope);
    assert.equal(recovered.body.source, 'LIVE');
    assert.equal(recovered.headers.get('x-butterfly-degraded'), null);
  });

  test('bad input is a 400 naming the field', async () => {
    assert.deepEqual(
      fields(
        await call('odyssey', 'POST', '/api/v1/capsule/orchestrate', { scopeId: 'EURUSD', mode: 'READ' }),
      ),
      ['body.scopeId'],
    );
    assert.deepEqual(
      fields(await call('odyssey', 'POST', '/api/v1/capsule/orchestrate', { scopeId: scope, mode: 'WRITE' })),
      ['body.mode'],
    );
    assert.deepEqual(fields(await call('odyssey', 'POST', '/api/v1/capsule/orchestrate', {})), [
      'body.scopeId',
      'body.mode',
    ]);
  });
});

test('the OpenAPI document publishes every ODYSSEY endpoint', async () => {
  const doc = await call('odyssey', 'GET', '/v3/api-docs');
  assert.equal(doc.status, 200);
  assert.ok(doc.body.paths['/api/v1/capsule/announcements'].post);
  assert.ok(doc.body.paths['/api/v1/entities'].get);
  assert.ok(doc.body.paths['/api/v1/entities/{entityId}/state'].get);
  assert.ok(doc.body.paths['/api/v1/capsule/orchestrate'].post);
});
