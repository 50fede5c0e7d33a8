import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, capsuleBody, post, fields, ids, useCapsulePlatform } from './capsule-platform.ts';

useCapsulePlatform();

describe('GET /api/v1/capsules', () => {
  const scope = 'rim:capsule-test:paging';
  const created: string[] = [];

  before(async () => {
    // Written out of time order; read back newest first.
    for (const hour of [10, 14, 11, 13, 12]) {
      created[hour] = (await post(capsuleBody(scope, `2024-05-01T${hour}:00:00Z`))).body.capsuleId;
    }
  });

  test('pages through a scope newest first, with Spring page metadata', async () => {
    const newestFirst = [14, 13, 12, 11, 10].map((hour) => created[hour]);
    const pages = [];
    for (const page of [0, 1, 2]) {
      const answer = await call('GET', `/api/v1/capsules?scopeId=${scope}&limit=2&page=${page}`);
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
      pages.push(...ids(answer.body));
    }
    assert.deepEqual(pages, newestFirst);
    const beyond = await call('GET', `/api/v1/capsules?scopeId=${scope}&limit=2&page=3`);
    assert.deepEqual(beyond.body.content, []);
    const defaults = await call('GET', `/api/v1/capsules?scopeId=${scope}`);
    assert.equal(defaults.body.size, 20);
    assert.deepEqual(ids(defaults.body), newestFirst);
  });

  test('an unknown scope is an empty page', async () => {
    const answer = await call('GET', '/api/v1/capsules?scopeId=rim:capsule-test:nothing-here');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { content: [], totalElements: 0, totalPages: 0, number: 0, size: 20 });
  });

  test('scopeId is required and must be a RIM id; limit and page are bounded', async () => {
    assert.deepEqual(fields(await call('GET', '/api/v1/capsules')), ['querystring.scopeId']);
    assert.deepEqual(fields(await call('GET', '/api/v1/capsules?scopeId=EURUSD')), ['querystring.scopeId']);
    assert.deepEqual(fields(await call('GET', `/api/v1/capsules?scopeId=${scope}&limit=0`)), [
      'querystring.limit',
    ]);
    assert.deepEqual(fields(await call('GET', `/api/v1/capsules?scopeId=${scope}&limit=501`)), [
      'querystring.limit',
    ]);
    assert.deepEqual(fields(await call('GET', `/api/v1/capsules?scopeId=${scope}&page=-1`)), [
      'querystring.page',
    ]);
  });
});

describe('GET /api/v1/capsules/{capsuleId}', () => {
  test('an unknown id is a 404 BFY_ERR_NOT_FOUND', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-even-a-uuid']) {
      const answer = await call('GET', `/api/v1/capsules/${id}`);
      assert.equal(answer.status, 404);
      assert.equal(answer.body.error.code, 'BFY_ERR_NOT_FOUND');
    }
  });
});

describe('GET /api/v1/history', () => {
  const scope = 'rim:capsule-test:history';
  const byHour = new Map<number, string>();

  before(async () => {
    for (const hour of [8, 9, 10, 11, 12]) {
      byHour.set(
        hour,
        (await post(capsuleBody(scope, `2024-05-01T${String(hour).padStart(2, '0')}:00:00Z`))).body.capsuleId,
      );
    }
  });

  test('returns the capsules with centerTsUtc in [from, to], inclusive, newest first', async () => {
    const answer = await call(
      'GET',
      `/api/v1/history?scopeId=${scope}&from=2024-05-01T09:00:00Z&to=2024-05-01T11:00:00Z`,
    );
    assert.equal(answer.status, 200);
    assert.equal(answer.body.totalElements, 3);
    assert.deepEqual(
      ids(answer.body),
      [11, 10, 9].map((hour) => byHour.get(hour)),
    );
    // Offsets are honoured on the bounds.
    const offset = await call(
      'GET',
      `/api/v1/history?scopeId=${scope}&from=2024-05-01T11:00:00%2B02:00&to=2024-05-01T09:30:00Z`,
    );
    assert.deepEqual(
      ids(offset.body),
      [9].map((hour) => byHour.get(hour)),
    );
  });

  test('either end may be open, and pages like the listing', async () => {
    const fromOnly = await call('GET', `/api/v1/history?scopeId=${scope}&from=2024-05-01T11:00:00Z`);
    assert.deepEqual(
      ids(fromOnly.body),
      [12, 11].map((hour) => byHour.get(hour)),
    );
    const toOnly = await call('GET', `/api/v1/history?scopeId=${scope}&to=2024-05-01T08:00:00Z`);
    assert.deepEqual(ids(toOnly.body), [byHour.get(8)]);
    const before = await call('GET', `/api/v1/history?scopeId=${scope}&to=2024-05-01T07:59:59.999Z`);
    assert.deepEqual(before.body.content, []);
    const second = await call('GET', `/api/v1/history?scopeId=${scope}&limit=2&page=1`);
    assert.deepEqual(
      { ids: ids(second.body), totalElements: second.body.totalElements, totalPages: second.body.totalPages },
      { ids: [10, 9].map((hour) => byHour.get(hour)), totalElements: 5, totalPages: 3 },
    );
  });

  test('from after to is a 400 naming both fields; bad timestamps and scopes are 400s too', async () => {
    assert.deepEqual(
      fields(
        await call(
          'GET',
          `/api/v1/history?scopeId=${scope}&from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z`,
        ),
      ),
      ['querystring.from', 'querystring.to'],
    );
    assert.deepEqual(fields(await call('GET', `/api/v1/history?scopeId=${scope}&from=monday`)), [
      'querystring.from',
    ]);
    assert.deepEqual(fields(await call('GET', '/api/v1/history?from=2024-05-01T00:00:00Z')), [
      'querystring.scopeId',
    ]);
  });
});

describe('tenant isolation', () => {
  test("tenant B never sees tenant A's capsules: not by id, not in a listing, not in history", async () => {
    const scope = 'rim:capsule-test:isolation';
    const mine = await post(capsuleBody(scope), { tenant: 'tenant-a' });
    assert.equal(mine.status, 201);
    const byId = await call('GET', `/api/v1/capsules/${mine.body.capsuleId}`, { tenant: 'tenant-b' });
    assert.equal(byId.status, 404);
    assert.equal(
      (await call('GET', `/api/v1/capsules?scopeId=${scope}`, { tenant: 'tenant-b' })).body.totalElements,
      0,
    );
    assert.equal(
      (await call('GET', `/api/v1/history?scopeId=${scope}`, { tenant: 'tenant-b' })).body.totalElements,
      0,
    );
    // Nor does the default tenant (no header).
    assert.equal((await call('GET', `/api/v1/capsules/${mine.body.capsuleId}`)).status, 404);
    assert.deepEqual(
      ids((await call('GET', `/api/v1/capsules?scopeId=${scope}`, { tenant: 'tenant-a' })).body),
      [mine.body.capsuleId],
    );
  });
});
