import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../kit/json/index.ts';
import { requestFingerprint } from './request-fingerprint.ts';

test('key order at any depth does not change the fingerprint', () => {
  const a = { header: { b: 1, a: [{ y: 2, x: 1 }] }, dynamics: {} };
  const b = { dynamics: {}, header: { a: [{ x: 1, y: 2 }], b: 1 } };
  assert.equal(requestFingerprint(a), requestFingerprint(b));
  assert.equal(canonicalJson(b), '{"dynamics":{},"header":{"a":[{"x":1,"y":2}],"b":1}}');
});

test('any change of a value, of array order or of a key changes the fingerprint', () => {
  const base = requestFingerprint({ a: [1, 2], b: 'x' });
  assert.notEqual(requestFingerprint({ a: [2, 1], b: 'x' }), base);
  assert.notEqual(requestFingerprint({ a: [1, 2], b: 'y' }), base);
  assert.notEqual(requestFingerprint({ a: [1, 2], c: 'x' }), base);
  assert.notEqual(requestFingerprint({ a: [1, 2], b: 'x', meta: {} }), base);
});

test('undefined members count as absent, as in the JSON the client sent', () => {
  assert.equal(requestFingerprint({ a: 1, meta: undefined }), requestFingerprint({ a: 1 }));
  assert.match(requestFingerprint({}), /^[0-9a-f]{64}$/);
});
