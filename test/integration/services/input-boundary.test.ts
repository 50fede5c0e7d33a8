// Regression tests for the three classes of 500 the fuzzing found (issue 13), over HTTP on the
// embedded platform: NUL in a string, key or path parameter; timestamps in the years 0000–0099;
// JSON nested 10,000 deep inside a free-form field. Each is now 400 naming the field.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ServiceName } from '../../../src/kit/platform/index.ts';
import { startTestPlatform, type TestPlatform } from '../../harness/platform.ts';

let platform: TestPlatform;
before(async () => {
  platform = await startTestPlatform({ env: { BUTTERFLY_LOG_LEVEL: 'silent' } });
});
after(() => platform?.stop());

/** Sends the body text exactly as written (JSON.stringify cannot write 10,000 levels). */
async function post(service: ServiceName, path: string, text: string) {
  const response = await fetch(new URL(path, platform.urls[service]), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tenant-id': 'boundary' },
    body: text,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function get(service: ServiceName, path: string) {
  const response = await fetch(new URL(path, platform.urls[service]), {
    headers: { 'x-tenant-id': 'boundary' },
  });
  return { status: response.status, body: (await response.json()) as any };
}

function assertRefused(answer: { status: number; body: any }, field: RegExp | string, reason?: string) {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, 'BFY_ERR_VALIDATION_FAILED');
  const fields: string[] = answer.body.error.details.issues.map((issue: { field: string }) => issue.field);
  assert.ok(
    fields.some((name) => (typeof field === 'string' ? name === field : field.test(name))),
    `${fields.join(', ')} names ${field}`,
  );
  if (reason) assert.equal(answer.body.error.details.reason, reason);
}

const signal = (payload: string) =>
  `{"signalType":"tick","source":"boundary","rimNodeId":"rim:entity:finance:EURUSD","payload":${payload}}`;
const action = (parameters: string) =>
  `{"toolId":"noop.echo","executionMode":"EXECUTE","parameters":${parameters}}`;
const announcement = (centerTsUtc: string, scopeId = 'rim:entity:finance:EURUSD') =>
  JSON.stringify({
    capsuleId: randomUUID(),
    scopeId,
    centerTsUtc,
    createdAt: '2024-05-01T12:00:01Z',
    vantageMode: 'OBSERVER',
    observerId: 'boundary',
  });
const outcome = (completedAt: string) =>
  JSON.stringify({
    actionId: randomUUID(),
    rimNodeId: 'rim:entity:finance:EURUSD',
    toolId: 'noop.echo',
    outcomeStatus: 'SUCCESS',
    planId: 'plan-1',
    completedAt,
  });

describe('class 1: NUL never reaches a store', () => {
  test('in a string, a key and a path parameter', async () => {
    assertRefused(
      await post('perception', '/api/v1/signals', signal('{"a":"x\\u0000y"}')),
      'body.payload.a',
      'nul',
    );
    assertRefused(
      await post('perception', '/api/v1/signals', signal('{"k\\u0000":1}')),
      /^body\.payload/,
      'nul',
    );
    assertRefused(
      await post('synapse', '/api/v1/actions', action('{"a":["\\u0000"]}')),
      'body.parameters.a.0',
      'nul',
    );
    assertRefused(
      await post('odyssey', '/api/v1/capsule/announcements', announcement('2024-05-01T12:00:00Z', 'a\u0000')),
      /^body\.scopeId/,
    );
    assertRefused(await get('synapse', '/api/v1/actions/%00'), 'params.actionId');
    assertRefused(await get('perception', '/api/v1/signals/a%00b'), 'params.signalId');
  });
});

describe('class 2: timestamps in the years 0000–0099 are refused, not stored', () => {
  for (const at of ['0000-01-01T00:00:00Z', '0049-12-31T23:59:59Z', '0099-02-20T00:00:00Z']) {
    test(at, async () => {
      assertRefused(await post('perception', '/api/v1/outcomes', outcome(at)), 'body.completedAt');
      assertRefused(
        await post('odyssey', '/api/v1/capsule/announcements', announcement(at)),
        'body.centerTsUtc',
      );
    });
  }
  test('0100-01-01 is the first instant accepted', async () => {
    const answer = await post(
      'odyssey',
      '/api/v1/capsule/announcements',
      announcement('0100-01-01T00:00:00Z'),
    );
    assert.ok(answer.status < 300, JSON.stringify(answer.body));
  });
});

describe('class 3: nesting 10,000 deep inside a free-form field', () => {
  const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
  test('signals.payload and actions.parameters', async () => {
    assertRefused(
      await post('perception', '/api/v1/signals', signal(deep)),
      /^body\.payload\.a\.a/,
      'too-deep',
    );
    assertRefused(
      await post('synapse', '/api/v1/actions', action(deep)),
      /^body\.parameters\.a\.a/,
      'too-deep',
    );
  });
  test('the services still answer afterwards', async () => {
    for (const service of ['perception', 'synapse'] as const)
      assert.equal((await get(service, '/actuator/health')).status, 200);
  });
});
