// The OpenAPI document says what the service answers: every error status of every operation
// with the envelope schema, and security only when the service runs with auth on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSample } from './build.ts';

const AUTH_ON = {
  BUTTERFLY_AUTH: 'on',
  BUTTERFLY_API_KEYS: JSON.stringify([{ key: 'fuzz-key-0123456789abcdef', roles: ['admin'] }]),
};

async function documentOf(env: Record<string, string> = {}) {
  const { app } = await buildSample(env);
  const doc = (await app.inject({ url: '/v3/api-docs' })).json();
  await app.close();
  return doc;
}

const statusesOf = (operation: { responses: Record<string, unknown> }) =>
  Object.keys(operation.responses).sort();

test('auth off: no security declared, no 401/403', async () => {
  const doc = await documentOf();
  assert.equal(doc.security, undefined);
  assert.equal(doc.components?.securitySchemes, undefined);
  assert.deepEqual(statusesOf(doc.paths['/api/v1/items'].post), ['201', '400', '413', '415', '500', '503']);
  assert.deepEqual(statusesOf(doc.paths['/api/v1/items/{id}'].get), [
    '200',
    '400',
    '404',
    '414',
    '500',
    '503',
  ]);
});

test('auth on: bearer and API key, 401/403 on user routes, none on public ones', async () => {
  const doc = await documentOf(AUTH_ON);
  assert.deepEqual(doc.security, [{ bearer: [] }, { apiKey: [] }]);
  assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['apiKey', 'bearer']);
  assert.deepEqual(statusesOf(doc.paths['/api/v1/items'].post), [
    '201',
    '400',
    '401',
    '403',
    '413',
    '415',
    '500',
    '503',
  ]);
  const health = doc.paths['/actuator/health'].get;
  assert.deepEqual(health.security, []);
  assert.ok(!('401' in health.responses));
});

test('every error answer is described with the envelope and the codes behind it', async () => {
  const doc = await documentOf(AUTH_ON);
  const answer = doc.paths['/api/v1/items'].post.responses['400'];
  assert.match(answer.description, /BFY_ERR_VALIDATION_FAILED.*BFY_ERR_MALFORMED_BODY/);
  const schema = answer.content['application/json'].schema;
  assert.deepEqual(schema.required, ['error', 'correlationId']);
  assert.ok(schema.properties.error.properties.code.enum.includes('BFY_ERR_URI_TOO_LONG'));
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths))
    for (const [method, operation] of Object.entries<any>(item))
      for (const [status, response] of Object.entries<any>(operation.responses))
        // A health check's 503 is the health report itself, declared by its route.
        if (Number(status) >= 400 && !(path.startsWith('/actuator/health') && status === '503'))
          assert.ok(
            response.content['application/json'].schema.properties.error,
            `${method} ${path} ${status}`,
          );
});

test('a path parameter is at most 100 characters, the router limit (longer is 414)', async () => {
  const doc = await documentOf();
  const [id] = doc.paths['/api/v1/items/{id}'].get.parameters;
  assert.equal(id.in, 'path');
  assert.equal(id.schema.maxLength, 100);
});
