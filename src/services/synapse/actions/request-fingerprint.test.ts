import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActionRequest } from './action.ts';
import { canonicalJson } from '../../../kit/json/index.ts';
import { requestFingerprint } from './request-fingerprint.ts';

const request = (
  parameters: Record<string, unknown>,
  overrides: Partial<ActionRequest> = {},
): ActionRequest => ({
  toolId: 'noop.echo',
  parameters,
  executionMode: 'EXECUTE',
  planId: null,
  rimNodeId: null,
  ...overrides,
});

test('key order does not matter, at any depth', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 2 } }),
    '{"a":{"c":2,"d":[1,{"y":2,"z":1}]},"b":1}',
  );
  assert.equal(requestFingerprint(request({ a: 1, b: 2 })), requestFingerprint(request({ b: 2, a: 1 })));
});

test('any difference in what is asked changes the fingerprint', () => {
  const base = requestFingerprint(request({ a: 1 }));
  assert.notEqual(requestFingerprint(request({ a: 2 })), base);
  assert.notEqual(requestFingerprint(request({ a: 1 }, { executionMode: 'DRY_RUN' })), base);
  assert.notEqual(requestFingerprint(request({ a: 1 }, { rimNodeId: 'rim:test:x' })), base);
  assert.notEqual(requestFingerprint(request({ a: 1 }, { planId: 'p' })), base);
  assert.notEqual(requestFingerprint(request({ a: 1 }, { toolId: 'capsule.annotate' })), base);
  assert.notEqual(
    requestFingerprint(request({ a: [1, 2] })),
    requestFingerprint(request({ a: [2, 1] })),
    'array order matters',
  );
});
