import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { platform, call, capsuleBody, post, fields, ids, useCapsulePlatform } from './capsule-platform.ts';

useCapsulePlatform();

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

  test('a body that is not JSON is a 400 BFY_ERR_MALFORMED_BODY', async () => {
    const response = await platform.services.capsule.app.inject({
      method: 'POST',
      url: '/api/v1/capsules',
      headers: { 'content-type': 'application/json' },
      payload: '{"header":',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(JSON.parse(response.body).error.code, 'BFY_ERR_MALFORMED_BODY');
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

  test('the same key with a different body is a 409 BFY_ERR_IDEMPOTENCY_CONFLICT that stores nothing', async () => {
    await post(capsuleBody(scope, undefined, 'a'), { key: 'signal-2' });
    const conflict = await post(capsuleBody(scope, undefined, 'b'), { key: 'signal-2' });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.error.code, 'BFY_ERR_IDEMPOTENCY_CONFLICT');
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
