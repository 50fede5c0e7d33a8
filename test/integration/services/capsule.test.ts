import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, tenant, type Answer, type TestPlatform } from '../../harness/platform.ts';

// CAPSULE on its own. ODYSSEY is deliberately not started, so every announcement stays queued
// in the outbox and the queue can be checked exactly.

let platform: TestPlatform;

before(async () => {
  platform = await startTestPlatform({ only: ['capsule'], env: { BUTTERFLY_LOG_LEVEL: 'silent' } });
});

after(async () => {
  await platform?.stop();
});

const call = (
  method: 'GET' | 'POST',
  url: string,
  options: { body?: unknown; tenant?: string; headers?: Record<string, string> } = {},
): Promise<Answer> =>
  platform.call('capsule', method, url, options.body, {
    ...(options.tenant ? tenant(options.tenant) : {}),
    ...options.headers,
  });

function capsuleBody(scopeId: string, centerTsUtc = '2024-05-01T12:00:00Z', payload: unknown = { value: 1 }) {
  return {
    header: {
      scope: { scopeId, description: 'integration test scope' },
      time: { centerTsUtc, deltaTSeconds: 60, horizonSeconds: 3600 },
      vantage: { mode: 'OBSERVER', observerId: 'capsule-test' },
    },
    configuration: { signalType: 'test', source: 'capsule.test.ts' },
    dynamics: { payload },
    meta: { purpose: 'test' },
  };
}

const post = (body: unknown, options: { tenant?: string; key?: string } = {}) =>
  call('POST', '/api/v1/capsules', {
    body,
    ...(options.tenant ? { tenant: options.tenant } : {}),
    ...(options.key ? { headers: { 'x-idempotency-key': options.key } } : {}),
  });

/** The field names a 400 envelope reports. */
function fields(answer: Answer): string[] {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, 'VALIDATION_FAILED');
  return (answer.body.error.details.issues as { field: string }[]).map((issue) => issue.field);
}

const ids = (page: { content: { capsuleId: string }[] }) => page.content.map((capsule) => capsule.capsuleId);

describe('POST /api/v1/capsules', () => {
  test('stores a capsule: 201 with its id, the stored capsule, createdAt and a Location', async () => {
    const body = capsuleBody('rim:capsule-test:create', '2024-05-01T14:00:00+02:00');
    const created = await post(body);
    assert.equal(created.status, 201);
    const { capsuleId, createdAt, ...stored } = created.body;
    assert.match(capsuleId, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(createdAt)));
    assert.equal(created.headers.get('location'), `/api/v1/capsules/${capsuleId}`);
    // Stored as sent, with the centre instant in canonical UTC form.
    assert.deepEqual(stored, {
      ...body,
      header: { ...body.header, time: { ...body.header.time, centerTsUtc: '2024-05-01T12:00:00.000Z' } },
    });
    const read = await call('GET', `/api/v1/capsules/${capsuleId}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);
  });

  test('the optional sections may be absent', async () => {
    const body: Partial<ReturnType<typeof capsuleBody>> = capsuleBody('rim:capsule-test:minimal');
    delete body.meta;
    const withoutDescription = {
      ...body,
      header: { ...body.header, scope: { scopeId: 'rim:capsule-test:minimal' } },
    };
    const created = await post(withoutDescription);
    assert.equal(created.status, 201);
    assert.equal(created.body.meta, undefined);
  });

  test('a bad body is a 400 naming each bad field', async () => {
    const good = capsuleBody('rim:capsule-test:invalid');
    assert.deepEqual(
      fields(await post({ ...good, header: { ...good.header, scope: { scopeId: 'not-a-rim-id' } } })),
      ['body.header.scope.scopeId'],
    );
    assert.deepEqual(
      fields(
        await post({
          ...good,
          header: {
            ...good.header,
            time: { centerTsUtc: 'yesterday', deltaTSeconds: -1, horizonSeconds: 'long' },
          },
        }),
      ),
      ['body.header.time.centerTsUtc', 'body.header.time.deltaTSeconds', 'body.header.time.horizonSeconds'],
    );
    assert.deepEqual(fields(await post({ ...good, header: { ...good.header, vantage: { mode: '' } } })), [
      'body.header.vantage.mode',
      'body.header.vantage.observerId',
    ]);
    assert.deepEqual(fields(await post({ header: good.header, configuration: [], agency: 'x' })), [
      'body.configuration',
      'body.dynamics',
      'body.agency',
    ]);
    const rim = await post({ ...good, header: { ...good.header, scope: { scopeId: 'rim:Bad' } } });
    assert.match(rim.body.error.details.issues[0].message, /rim:<kind>:<segment>/);
  });

  test('a body that is not JSON is a 400 MALFORMED_BODY', async () => {
    const response = await platform.services.capsule.app.inject({
      method: 'POST',
      url: '/api/v1/capsules',
      headers: { 'content-type': 'application/json' },
      payload: '{"header":',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(JSON.parse(response.body).error.code, 'MALFORMED_BODY');
  });

  test('an idempotency key that is too long or not printable is a 400 naming the header', async () => {
    const body = capsuleBody('rim:capsule-test:bad-key');
    assert.deepEqual(fields(await post(body, { key: 'k'.repeat(129) })), ['headers.x-idempotency-key']);
    assert.deepEqual(fields(await post(body, { key: 'tab\there' })), ['headers.x-idempotency-key']);
    assert.equal((await post(body, { key: 'k'.repeat(128) })).status, 201);
  });
});

describe('idempotent capsule creation', () => {
  const scope = 'rim:capsule-test:idempotent';

  test('a retry with the same key and body answers 200 with the same capsule, never a duplicate', async () => {
    const first = await post(capsuleBody(scope), { key: 'signal-1' });
    assert.equal(first.status, 201);
    const retry = await post(capsuleBody(scope), { key: 'signal-1' });
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.body, first.body);
    // Key order and the spelling of the instant do not make it a different request.
    const reordered = capsuleBody(scope, '2024-05-01T13:00:00+01:00');
    const respelled = await post(
      {
        dynamics: reordered.dynamics,
        meta: reordered.meta,
        configuration: reordered.configuration,
        header: reordered.header,
      },
      { key: 'signal-1' },
    );
    assert.equal(respelled.status, 200);
    assert.equal(respelled.body.capsuleId, first.body.capsuleId);
    const page = await call('GET', `/api/v1/capsules?scopeId=${scope}`);
    assert.deepEqual(ids(page.body), [first.body.capsuleId]);
  });

  test('the same key with a different body is a 409 IDEMPOTENCY_CONFLICT that stores nothing', async () => {
    await post(capsuleBody(scope, undefined, 'a'), { key: 'signal-2' });
    const conflict = await post(capsuleBody(scope, undefined, 'b'), { key: 'signal-2' });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.error.code, 'IDEMPOTENCY_CONFLICT');
    assert.equal(conflict.body.error.details.idempotencyKey, 'signal-2');
    const page = await call('GET', `/api/v1/capsules?scopeId=${scope}`);
    assert.equal(page.body.totalElements, 2);
  });

  test('keys are per tenant: another tenant using the same key gets its own capsule', async () => {
    const mine = await post(capsuleBody(scope), { key: 'signal-1' });
    const theirs = await post(capsuleBody(scope, undefined, 'different'), {
      key: 'signal-1',
      tenant: 'other-tenant',
    });
    assert.equal(theirs.status, 201);
    assert.notEqual(theirs.body.capsuleId, mine.body.capsuleId);
  });
});

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
  test('an unknown id is a 404 NOT_FOUND', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-even-a-uuid']) {
      const answer = await call('GET', `/api/v1/capsules/${id}`);
      assert.equal(answer.status, 404);
      assert.equal(answer.body.error.code, 'NOT_FOUND');
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

describe('announcements to ODYSSEY', () => {
  test('every stored capsule waits in the outbox while ODYSSEY is unreachable, shown in health and metrics', async () => {
    const before = await call('GET', '/actuator/health/outbox');
    const stored = await post(capsuleBody('rim:capsule-test:outbox'));
    const afterWrite = await call('GET', '/actuator/health/outbox');
    assert.equal(afterWrite.status, 200);
    assert.equal(afterWrite.body.status, 'UP');
    assert.equal(afterWrite.body.details.depth, before.body.details.depth + 1);
    assert.equal(afterWrite.body.details.delivered, 0);
    assert.ok(afterWrite.body.details.oldestAgeSeconds >= 0);
    // A replay while the first announcement is still queued does not queue a second one.
    const key = 'outbox-replay';
    await post(capsuleBody('rim:capsule-test:outbox', undefined, 2), { key });
    await post(capsuleBody('rim:capsule-test:outbox', undefined, 2), { key });
    const afterReplay = await call('GET', '/actuator/health/outbox');
    assert.equal(afterReplay.body.details.depth, afterWrite.body.details.depth + 1);
    assert.ok(stored.body.capsuleId);

    const metrics = await platform.services.capsule.app.inject({
      method: 'GET',
      url: '/actuator/prometheus',
    });
    const depth = /^butterfly_outbox_depth\{topic="odyssey-announcements"[^}]*\} (\d+)$/m.exec(metrics.body);
    assert.ok(depth, metrics.body);
    assert.ok(Number(depth[1]) >= afterReplay.body.details.depth);
    assert.match(
      metrics.body,
      /^butterfly_outbox_oldest_age_seconds\{topic="odyssey-announcements"[^}]*\} [\d.]+$/m,
    );
  });

  test('a backlog never makes CAPSULE unready', async () => {
    const readiness = await call('GET', '/actuator/health/readiness');
    assert.equal(readiness.status, 200);
    assert.equal(readiness.body.components.outbox, undefined);
  });
});

test('the OpenAPI document publishes every CAPSULE endpoint', async () => {
  const doc = await call('GET', '/v3/api-docs');
  assert.equal(doc.status, 200);
  assert.ok(doc.body.paths['/api/v1/capsules'].post);
  assert.ok(doc.body.paths['/api/v1/capsules'].get);
  assert.ok(doc.body.paths['/api/v1/capsules/{capsuleId}'].get);
  assert.ok(doc.body.paths['/api/v1/history'].get);
});
