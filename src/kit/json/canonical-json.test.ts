import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from './canonical-json.ts';

test('canonicalJson sorts keys at every depth and keeps array order', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }),
    '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
  );
});

test('canonicalJson drops undefined members as JSON.stringify does', () => {
  assert.equal(canonicalJson({ a: undefined, b: 2 }), canonicalJson({ b: 2 }));
  assert.equal(canonicalJson([undefined]), '[null]');
});
