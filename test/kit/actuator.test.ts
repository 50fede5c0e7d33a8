import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSample } from './build.ts';

test('/actuator/health has the Actuator shape: status plus components with status and details', async () => {
  const { app } = await buildSample();
  const response = await app.inject({ url: '/actuator/health' });
  assert.equal(response.statusCode, 200);
  const body = response.json();
  assert.equal(body.status, 'UP');
  assert.deepEqual(Object.keys(body.components).sort(), ['circuitBreakers', 'db', 'ping']);
  assert.deepEqual(body.components.db, { status: 'UP', details: { database: 'sample' } });
  await app.close();
});

test('a component route answers for each component, and 404 with the envelope for an unknown one', async () => {
  const { app } = await buildSample();
  const db = await app.inject({ url: '/actuator/health/db' });
  assert.equal(db.statusCode, 200);
  assert.equal(db.json().status, 'UP');
  const missing = await app.inject({ url: '/actuator/health/cassandra' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'BFY_ERR_NOT_FOUND');
  await app.close();
});

test(
  'a hanging dependency reports DOWN within its budget and the endpoint answers 503, not hangs',
  { timeout: 10_000 },
  async () => {
    const { app } = await buildSample({ BUTTERFLY_HEALTH_TIMEOUT: '150ms' }, { dbHangs: true });
    const response = await app.inject({ url: '/actuator/health' });
    assert.equal(response.statusCode, 503);
    assert.equal(response.json().status, 'DOWN');
    assert.match(response.json().components.db.details.error, /no answer within 150ms/);
    const readiness = await app.inject({ url: '/actuator/health/readiness' });
    assert.equal(readiness.statusCode, 503, 'db is required for readiness');
    const liveness = await app.inject({ url: '/actuator/health/liveness' });
    assert.equal(liveness.statusCode, 200, 'liveness is the process alone');
    await app.close();
  },
);

test('an open breaker shows in circuitBreakers but never turns the service DOWN', async () => {
  const { app } = await buildSample();
  const forced = await app.inject({
    method: 'POST',
    url: '/actuator/circuitbreakers/odyssey-client/forceOpen',
  });
  assert.equal(forced.statusCode, 200);
  assert.equal(forced.json().state, 'FORCED_OPEN');
  const health = await app.inject({ url: '/actuator/health' });
  assert.equal(health.statusCode, 200);
  assert.equal(health.json().status, 'UP');
  assert.equal(health.json().components.circuitBreakers.status, 'UNKNOWN');
  assert.equal(health.json().components.circuitBreakers.details['odyssey-client'].state, 'FORCED_OPEN');
  const list = await app.inject({ url: '/actuator/circuitbreakers' });
  assert.deepEqual(list.json(), {
    circuitBreakers: {
      'odyssey-client': {
        state: 'FORCED_OPEN',
        failureRate: -1,
        bufferedCalls: 0,
        failedCalls: 0,
        notPermittedCalls: 0,
      },
    },
  });
  const reset = await app.inject({ method: 'POST', url: '/actuator/circuitbreakers/odyssey-client/reset' });
  assert.equal(reset.json().state, 'CLOSED');
  const unknown = await app.inject({ method: 'POST', url: '/actuator/circuitbreakers/nope-client/reset' });
  assert.equal(unknown.statusCode, 404);
  const badAction = await app.inject({
    method: 'POST',
    url: '/actuator/circuitbreakers/odyssey-client/explode',
  });
  assert.equal(badAction.statusCode, 400);
  assert.equal(badAction.json().error.details.issues[0].field, 'params.action');
  await app.close();
});

test('/actuator/prometheus serves process metrics and the request histogram by URI template', async () => {
  const { app } = await buildSample();
  await app.inject({ url: '/api/v1/items/42' });
  const response = await app.inject({ url: '/actuator/prometheus' });
  assert.equal(response.statusCode, 200);
  assert.match(response.headers['content-type'] as string, /text\/plain/);
  assert.match(response.body, /process_cpu_user_seconds_total/);
  assert.match(
    response.body,
    /http_server_requests_seconds_count\{service="capsule",method="GET",uri="\/api\/v1\/items\/:id",status="404"\} 1/,
  );
  assert.match(
    response.body,
    /resilience4j_circuitbreaker_state\{name="odyssey-client",state="closed",service="capsule"\} 1/,
  );
  await app.close();
});

test('/actuator/info names the service, version, profile and uptime', async () => {
  const { app } = await buildSample();
  const body = (await app.inject({ url: '/actuator/info' })).json();
  assert.equal(body.name, 'capsule');
  assert.equal(body.profile, 'embedded');
  assert.match(body.version, /^\d+\.\d+\.\d+/);
  assert.equal(typeof body.uptimeSeconds, 'number');
  await app.close();
});

test('/v3/api-docs is an OpenAPI 3 document generated from the route schemas', async () => {
  const { app } = await buildSample();
  const doc = (await app.inject({ url: '/v3/api-docs' })).json();
  assert.match(doc.openapi, /^3\./);
  const post = doc.paths['/api/v1/items'].post;
  assert.deepEqual(post.requestBody.content['application/json'].schema.required.sort(), ['name', 'size']);
  assert.ok(doc.paths['/actuator/health']);
  await app.close();
});
