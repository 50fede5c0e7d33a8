import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSample } from './build.ts';

test('X-Correlation-ID is echoed when well-formed and generated otherwise', async () => {
  const { app } = await buildSample();
  const echoed = await app.inject({
    url: '/actuator/health',
    headers: { 'x-correlation-id': 'req-123.abc' },
  });
  assert.equal(echoed.headers['x-correlation-id'], 'req-123.abc');
  const generated = await app.inject({ url: '/actuator/health' });
  assert.match(generated.headers['x-correlation-id'] as string, /^[0-9a-f-]{36}$/);
  const hostile = await app.inject({
    url: '/actuator/health',
    headers: { 'x-correlation-id': 'a b\nfake log line' },
  });
  assert.notEqual(hostile.headers['x-correlation-id'], 'a b\nfake log line');
  assert.match(hostile.headers['x-correlation-id'] as string, /^[0-9a-f-]{36}$/);
  await app.close();
});

test('the tenant defaults to "default" and separates data', async () => {
  const { app } = await buildSample();
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/items',
    headers: { 'content-type': 'application/json', 'x-tenant-id': 'acme' },
    payload: { name: 'a', size: 1 },
  });
  assert.equal(created.statusCode, 201);
  const id = created.json().id;
  assert.equal(
    (await app.inject({ url: `/api/v1/items/${id}`, headers: { 'x-tenant-id': 'acme' } })).statusCode,
    200,
  );
  assert.equal(
    (await app.inject({ url: `/api/v1/items/${id}`, headers: { 'x-tenant-id': 'globex' } })).statusCode,
    404,
  );
  assert.equal((await app.inject({ url: `/api/v1/items/${id}` })).statusCode, 404);
  await app.close();
});

test('logs are JSON lines carrying correlation id, tenant and service, and never credentials', async () => {
  const lines: string[] = [];
  const { Writable } = await import('node:stream');
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const { loadServiceConfig } = await import('../../src/kit/config/index.ts');
  const { buildService } = await import('../../src/host/index.ts');
  const { sampleService } = await import('./sample-service.ts');
  const secret = 'k'.repeat(40);
  const { app } = await buildService(
    sampleService(),
    loadServiceConfig('capsule', {
      BUTTERFLY_LOG_LEVEL: 'info',
      BUTTERFLY_AUTH: 'on',
      BUTTERFLY_API_KEYS: JSON.stringify([{ key: secret, roles: [] }]),
    }),
    { loggerStream: stream },
  );
  await app.inject({
    url: '/api/v1/items/1',
    headers: { 'x-correlation-id': 'trace-me', 'x-tenant-id': 'acme', 'x-api-key': secret },
  });
  await app.close();
  const records = lines.map((line) => JSON.parse(line));
  const completed = records.find((r) => r.msg === 'request completed');
  assert.ok(completed, 'a request-completed line');
  assert.equal(completed.correlationId, 'trace-me');
  assert.equal(completed.tenant, 'acme');
  assert.equal(completed.service, 'capsule');
  assert.ok(!lines.join('').includes(secret), 'the API key never appears in the logs');
});
