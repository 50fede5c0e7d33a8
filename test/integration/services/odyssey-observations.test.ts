import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, announcement, announce, fields, useOdysseyPlatform } from './odyssey-platform.ts';

useOdysseyPlatform();

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
    assert.equal(unknown.body.error.code, 'BFY_ERR_NOT_FOUND');
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
