import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSample } from './build.ts';

const json = { 'content-type': 'application/json' };

test('a wrong type is 400 BFY_ERR_VALIDATION_FAILED naming each bad field', async () => {
  const { app } = await buildSample();
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/items',
    headers: json,
    payload: { name: '', size: 'big' },
  });
  assert.equal(response.statusCode, 400);
  const body = response.json();
  assert.equal(body.error.code, 'BFY_ERR_VALIDATION_FAILED');
  assert.deepEqual(body.error.details.issues.map((i: { field: string }) => i.field).sort(), [
    'body.name',
    'body.size',
  ]);
  assert.equal(body.correlationId, response.headers['x-correlation-id']);
  await app.close();
});

test('a missing field is named as the field itself', async () => {
  const { app } = await buildSample();
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/items',
    headers: json,
    payload: { name: 'x' },
  });
  assert.equal(response.statusCode, 400);
  assert.deepEqual(
    response.json().error.details.issues.map((i: { field: string }) => i.field),
    ['body.size'],
  );
  await app.close();
});

test('a malformed body is 400 BFY_ERR_MALFORMED_BODY', async () => {
  const { app } = await buildSample();
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/items',
    headers: json,
    payload: '{"name": "x", ',
  });
  assert.equal(response.statusCode, 400);
  assert.equal(response.json().error.code, 'BFY_ERR_MALFORMED_BODY');
  await app.close();
});

test('an oversized payload is 413 BFY_ERR_PAYLOAD_TOO_LARGE', async () => {
  const { app } = await buildSample({ BUTTERFLY_BODY_LIMIT: '2048' });
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/items',
    headers: json,
    payload: { name: 'x'.repeat(4096), size: 1 },
  });
  assert.equal(response.statusCode, 413);
  assert.equal(response.json().error.code, 'BFY_ERR_PAYLOAD_TOO_LARGE');
  await app.close();
});

test('an unsupported content type is 415', async () => {
  const { app } = await buildSample();
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/items',
    headers: { 'content-type': 'application/xml' },
    payload: '<x/>',
  });
  assert.equal(response.statusCode, 415);
  assert.equal(response.json().error.code, 'BFY_ERR_UNSUPPORTED_MEDIA_TYPE');
  await app.close();
});

test('an unknown route is 404 BFY_ERR_ROUTE_NOT_FOUND in the envelope', async () => {
  const { app } = await buildSample();
  const response = await app.inject({ url: '/api/v1/nothing-here?x=1' });
  assert.equal(response.statusCode, 404);
  assert.deepEqual(response.json().error, {
    code: 'BFY_ERR_ROUTE_NOT_FOUND',
    message: 'no route for GET /api/v1/nothing-here',
    details: {},
  });
  await app.close();
});

test('503 carries Retry-After', async () => {
  const { app } = await buildSample();
  const response = await app.inject({ method: 'POST', url: '/api/v1/write-unavailable' });
  assert.equal(response.statusCode, 503);
  assert.equal(response.headers['retry-after'], '3');
  assert.equal(response.json().error.code, 'BFY_ERR_WRITE_UNAVAILABLE');
  await app.close();
});

test('an unexpected error is a 500 envelope with no stack and no internal message', async () => {
  const { app } = await buildSample();
  const response = await app.inject({ url: '/api/v1/crash' });
  assert.equal(response.statusCode, 500);
  assert.equal(response.json().error.code, 'BFY_ERR_INTERNAL');
  assert.doesNotMatch(response.body, /secret internal detail|at .*\.ts/);
  await app.close();
});

test('an invalid X-Tenant-ID is 400 naming the header', async () => {
  const { app } = await buildSample();
  const response = await app.inject({ url: '/api/v1/items/1', headers: { 'x-tenant-id': 'Not Valid!' } });
  assert.equal(response.statusCode, 400);
  assert.equal(response.json().error.details.issues[0].field, 'headers.x-tenant-id');
  await app.close();
});
