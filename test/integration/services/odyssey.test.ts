import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  eventually,
  startTestPlatform,
  tenant as tenantHeader,
  type Answer,
  type TestPlatform,
} from '../../harness/platform.ts';

// ODYSSEY with a real CAPSULE beside it (only the two: the orchestrated read calls CAPSULE
// live, and announcements flow from CAPSULE's outbox). Both listen on free loopback ports.

let platform: TestPlatform;

before(async () => {
  platform = await startTestPlatform({
    only: ['capsule', 'odyssey'],
    env: { BUTTERFLY_LOG_LEVEL: 'silent' },
  });
});

after(async () => {
  await platform?.stop();
});

const call = (
  service: 'capsule' | 'odyssey',
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  tenant?: string,
): Promise<Answer> => platform.call(service, method, path, body, tenant ? tenantHeader(tenant) : {});

function announcement(scopeId: string, centerTsUtc = '2024-05-01T12:00:00Z') {
  return {
    capsuleId: randomUUID(),
    scopeId,
    centerTsUtc,
    createdAt: '2024-05-01T12:00:01Z',
    vantageMode: 'OBSERVER',
    observerId: 'odyssey-test',
  };
}

const announce = (body: unknown, tenant?: string) =>
  call('odyssey', 'POST', '/api/v1/capsule/announcements', body, tenant);

function capsuleBody(scopeId: string, centerTsUtc: string) {
  return {
    header: {
      scope: { scopeId },
      time: { centerTsUtc, deltaTSeconds: 60, horizonSeconds: 3600 },
      vantage: { mode: 'OBSERVER', observerId: 'odyssey-test' },
    },
    configuration: {},
    dynamics: {},
  };
}

function fields(answer: Answer): string[] {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, 'VALIDATION_FAILED');
  return (answer.body.error.details.issues as { field: string }[]).map((issue) => issue.field);
}

describe('POST /api/v1/capsule/announcements', () => {
  test('records an observation once: 202, then 202 duplicate for the same capsule', async () => {
    const body = announcement('rim:odyssey-test:announce');
    const first = await announce(body);
    assert.equal(first.status, 202);
    assert.deepEqual(first.body, { capsuleId: body.capsuleId, accepted: true, duplicate: false });
    const again = await announce(body);
    assert.equal(again.status, 202);
    assert.deepEqual(again.body, { capsuleId: body.capsuleId, accepted: true, duplicate: true });
    const page = await call('odyssey', 'GET', '/api/v1/entities?entityId=rim:odyssey-test:announce');
    assert.equal(page.body.totalElements, 1);
    const [observation] = page.body.content;
    assert.deepEqual(
      {
        ...observation,
        observationId: typeof observation.observationId,
        observedAt: typeof observation.observedAt,
      },
      {
        observationId: 'string',
        entityId: 'rim:odyssey-test:announce',
        capsuleId: body.capsuleId,
        centerTsUtc: '2024-05-01T12:00:00.000Z',
        observedAt: 'string',
        vantageMode: 'OBSERVER',
        observerId: 'odyssey-test',
      },
    );
  });

  test('a bad announcement is a 400 naming each bad field', async () => {
    const good = announcement('rim:odyssey-test:announce-invalid');
    assert.deepEqual(fields(await announce({ ...good, capsuleId: 'c-1', scopeId: 'EURUSD' })), [
      'body.capsuleId',
      'body.scopeId',
    ]);
    assert.deepEqual(fields(await announce({ ...good, centerTsUtc: 'noon', createdAt: undefined })), [
      'body.centerTsUtc',
      'body.createdAt',
    ]);
    assert.deepEqual(fields(await announce({ ...good, vantageMode: '', observerId: 7 })), [
      'body.vantageMode',
      'body.observerId',
    ]);
  });
});

describe('GET /api/v1/entities', () => {
  const entity = 'rim:odyssey-test:paging';
  const newestFirst: string[] = [];

  before(async () => {
    const sent = [];
    for (const hour of [10, 14, 11, 13, 12])
      sent.push({ hour, body: announcement(entity, `2024-05-01T${hour}:00:00Z`) });
    for (const { body } of sent) assert.equal((await announce(body)).status, 202);
    newestFirst.push(...sent.sort((a, b) => b.hour - a.hour).map(({ body }) => body.capsuleId));
  });

  test("pages through an entity's observations newest capsule first", async () => {
    const seen = [];
    for (const page of [0, 1, 2]) {
      const answer = await call('odyssey', 'GET', `/api/v1/entities?entityId=${entity}&limit=2&page=${page}`);
      assert.equal(answer.status, 200);
      assert.deepEqual(
        {
          totalElements: answer.body.totalElements,
          totalPages: answer.body.totalPages,
          number: answer.body.number,
          size: answer.body.size,
        },
        { totalElements: 5, totalPages: 3, number: page, size: 2 },
      );
      seen.push(...answer.body.content.map((o: { capsuleId: string }) => o.capsuleId));
    }
    assert.deepEqual(seen, newestFirst);
  });

  test('an unknown entity is an empty page, not a 404', async () => {
    const answer = await call('odyssey', 'GET', '/api/v1/entities?entityId=rim:odyssey-test:unknown');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { content: [], totalElements: 0, totalPages: 0, number: 0, size: 20 });
  });

  test('entityId is required and must be a RIM id; limit is bounded', async () => {
    assert.deepEqual(fields(await call('odyssey', 'GET', '/api/v1/entities')), ['querystring.entityId']);
    assert.deepEqual(fields(await call('odyssey', 'GET', '/api/v1/entities?entityId=rim:')), [
      'querystring.entityId',
    ]);
    assert.deepEqual(fields(await call('odyssey', 'GET', `/api/v1/entities?entityId=${entity}&limit=1000`)), [
      'querystring.limit',
    ]);
  });
});

describe('GET /api/v1/entities/{entityId}/state', () => {
  test('counts the observations, spans their receipt and names the newest capsule', async () => {
    const entity = 'rim:entity:finance:EURUSD';
    const older = announcement(entity, '2024-05-01T09:00:00Z');
    const newer = announcement(entity, '2024-05-01T10:00:00Z');
    await announce(newer);
    await announce(older);
    const state = await call('odyssey', 'GET', `/api/v1/entities/${entity}/state`);
    assert.equal(state.status, 200);
    assert.equal(state.body.entityId, entity);
    assert.equal(state.body.observationCount, 2);
    assert.equal(state.body.latestCapsuleId, newer.capsuleId);
    assert.ok(Date.parse(state.body.firstObservedAt) <= Date.parse(state.body.lastObservedAt));
  });

  test('an unknown entity is a 404; a malformed id is a 400', async () => {
    const unknown = await call('odyssey', 'GET', '/api/v1/entities/rim:odyssey-test:never/state');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'NOT_FOUND');
    assert.deepEqual(fields(await call('odyssey', 'GET', '/api/v1/entities/not-a-rim-id/state')), [
      'params.entityId',
    ]);
  });
});

describe('tenant isolation', () => {
  test("tenant B never sees tenant A's entities or observations", async () => {
    const entity = 'rim:odyssey-test:isolation';
    const body = announcement(entity);
    await announce(body, 'tenant-a');
    assert.equal(
      (await call('odyssey', 'GET', `/api/v1/entities?entityId=${entity}`, undefined, 'tenant-a')).body
        .totalElements,
      1,
    );
    assert.equal(
      (await call('odyssey', 'GET', `/api/v1/entities?entityId=${entity}`, undefined, 'tenant-b')).body
        .totalElements,
      0,
    );
    assert.equal(
      (await call('odyssey', 'GET', `/api/v1/entities/${entity}/state`, undefined, 'tenant-b')).status,
      404,
    );
    // The same capsule announced for another tenant is that tenant's own observation.
    assert.equal((await announce(body, 'tenant-b')).body.duplicate, false);
  });
});

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
      assert.equal(unavailable.body.error.code, 'UPSTREAM_UNAVAILABLE');
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
