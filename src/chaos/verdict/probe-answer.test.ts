import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpProbe } from '../spec/index.ts';
import { probeFailures } from './probe-answer.ts';

const probe = (over: Partial<HttpProbe> = {}): HttpProbe => ({
  name: 'odyssey orchestrate',
  url: 'http://odyssey-core:8080/api/v1/capsule/orchestrate',
  method: 'POST',
  headers: {},
  statuses: [200, 503],
  phases: ['during'],
  ...over,
});

test('an allowed status with matching JSON checks passes', () => {
  const answer = { status: 200, headers: {}, body: { source: 'CACHE', degraded: true } };
  assert.deepEqual(
    probeFailures(probe({ json: [{ path: '$.source', oneOf: ['LIVE', 'CACHE'] }] }), answer),
    [],
  );
});

test('a status outside the list fails once, without judging the body', () => {
  const failures = probeFailures(probe({ json: [{ path: '$.source', equals: 'LIVE' }] }), {
    status: 500,
    headers: {},
    body: { code: 'BFY_ERR_INTERNAL' },
  });
  assert.deepEqual(failures, ['status 500, expected 200 or 503']);
});

test('no answer says why', () => {
  assert.deepEqual(
    probeFailures(probe(), { status: 0, headers: {}, body: undefined, error: 'ECONNREFUSED' }),
    ['no answer from http://odyssey-core:8080/api/v1/capsule/orchestrate: ECONNREFUSED'],
  );
});

test('equals and oneOf compare JSON values, and a missing path fails', () => {
  const checks = probe({
    statuses: [200],
    json: [
      { path: '$.status', equals: 'UP' },
      { path: '$.counts', equals: { capsule: 3, odyssey: 3 } },
      { path: '$.components.db.status', oneOf: ['UP'] },
    ],
  });
  assert.deepEqual(
    probeFailures(checks, {
      status: 200,
      headers: {},
      body: { status: 'UP', counts: { capsule: 3, odyssey: 3 }, components: { db: { status: 'UP' } } },
    }),
    [],
  );
  assert.deepEqual(
    probeFailures(checks, {
      status: 200,
      headers: {},
      body: { status: 'DOWN', counts: { capsule: 3, odyssey: 2 } },
    }),
    [
      '$.status is "DOWN", expected "UP"',
      '$.counts is {"capsule":3,"odyssey":2}, expected {"capsule":3,"odyssey":3}',
      '$.components.db.status is missing',
    ],
  );
});
