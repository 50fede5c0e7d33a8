import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonInputError, type JsonInputReason } from './json-input-error.ts';
import { JSON_LIMITS } from './json-limits.ts';
import { parseStrictJson, type StrictJsonOptions } from './strict-json.ts';

/** Asserts that `body` is refused for `reason` at `field`; returns the error. */
function refused(
  body: string | Uint8Array,
  reason: JsonInputReason,
  field: string,
  options?: StrictJsonOptions,
) {
  const input = typeof body === 'string' ? Buffer.from(body) : body;
  let caught: unknown;
  try {
    parseStrictJson(input, options);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof JsonInputError, `expected a JsonInputError, got ${String(caught)}`);
  assert.equal(caught.reason, reason, caught.message);
  assert.equal(caught.field, field, caught.message);
  assert.deepEqual(caught.details.issues, [{ field, message: caught.message.slice(field.length + 2) }]);
  return caught;
}

const deep = (levels: number, inner = '1') => '{"a":'.repeat(levels) + inner + '}'.repeat(levels);

test('well-formed JSON within the limits parses as JSON.parse would', () => {
  const text =
    '{"a":[1,-2.5,"x😀",true,null,{"b":"ü"}],"n":9007199254740991,"m":-9007199254740991,"z":-0,"f":0.1}';
  assert.deepEqual(parseStrictJson(Buffer.from(text)), JSON.parse(text));
  assert.deepEqual(parseStrictJson('\ufeff{"bom":1}'.slice(1)), { bom: 1 });
  assert.deepEqual(parseStrictJson(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('[1]')])), [1]);
  assert.deepEqual(parseStrictJson(Buffer.from('{"1e5":1.5e300,"t":"\\\\u0000"}')), {
    '1e5': 1.5e300,
    t: '\\u0000',
  });
});

test('invalid UTF-8 is refused with the offset of the first bad byte', () => {
  const error = refused(
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    'invalid-utf8',
    'body',
  );
  assert.equal(error.code, 'BFY_ERR_MALFORMED_BODY');
  assert.match(error.message, /offset 6/);
  // An encoded surrogate (CESU-8) is not UTF-8 either.
  refused(Buffer.from([0x5b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x5d]), 'invalid-utf8', 'body');
});

test('NUL is refused in any string or key, escaped or raw, and the path names it', () => {
  assert.equal(refused('{"a":{"b":[1,"x\\u0000"]}}', 'nul', 'body.a.b.1').code, 'BFY_ERR_VALIDATION_FAILED');
  refused('{"p":{"k\\u0000":1}}', 'nul', 'body.p.k\\u0000');
  refused('"\\u0000"', 'nul', 'body');
  refused('["a\u0000"]', 'nul', 'body.0');
});

test('lone surrogates are refused; a pair is a character', () => {
  assert.deepEqual(parseStrictJson(Buffer.from('["\\ud83d\\ude00"]')), ['😀']);
  refused('["ok","\\ud800"]', 'lone-surrogate', 'body.1');
  refused('{"\\udc00":1}', 'lone-surrogate', 'body.\\udc00');
  refused('["\\ud800\\u0041"]', 'lone-surrogate', 'body.0');
});

test('numbers: finite, integers within 2^53 - 1, and exactly what was written', () => {
  refused('{"n":1e999}', 'non-finite-number', 'body.n');
  refused('{"n":-1e999}', 'non-finite-number', 'body.n');
  const big = refused('{"n":123456789012345678901234567890}', 'unsafe-integer', 'body.n');
  assert.match(big.message, /9007199254740991/);
  refused('[9007199254740992]', 'unsafe-integer', 'body.0');
  refused('[1e-400]', 'inexact-number', 'body.0');
  refused('[1.00000000000000000001]', 'inexact-number', 'body.0');
  assert.deepEqual(
    parseStrictJson('[1e21,1.0,100e-2,0.30000000000000004]'),
    [1e21, 1, 1, 0.30000000000000004],
  );
});

test('nesting deeper than the limit is refused without recursion, 10,000 levels inside an object too', () => {
  assert.deepEqual(parseStrictJson(deep(JSON_LIMITS.maxDepth)), JSON.parse(deep(JSON_LIMITS.maxDepth)));
  const error = refused(`{"payload":${deep(10_000)}}`, 'too-deep', error10k());
  assert.match(error.message, /at most 32 levels/);
  refused('['.repeat(100_000), 'too-deep', `body.${Array(10).fill(0).join('.')}.…(20 more)….0.0`);
  refused(deep(3), 'too-deep', 'body.a.a', { limits: { maxDepth: 2 } });
});

function error10k() {
  // The body, `payload`, then 31 `a`s: the 33rd container is one too many.
  return `body.payload.${Array(9).fill('a').join('.')}.…(20 more)….a.a`;
}

test('a document over the size limit is refused as too large (413)', () => {
  const error = refused('[1,2,3]', 'too-large', 'body', { limits: { maxBytes: 6 } });
  assert.equal(error.code, 'BFY_ERR_PAYLOAD_TOO_LARGE');
  assert.deepEqual(parseStrictJson('[1,2,3]', { limits: { maxBytes: 7 } }), [1, 2, 3]);
});

test("keys: '__proto__' is refused by name, long keys by length", () => {
  const error = refused('{"a":{"__proto__":{"polluted":true}}}', 'prototype-key', 'body.a.__proto__');
  assert.match(error.message, /prototype/);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const key = 'k'.repeat(JSON_LIMITS.maxKeyLength);
  assert.deepEqual(parseStrictJson(`{"${key}":1}`), { [key]: 1 });
  refused(`{"${key}k":1}`, 'key-too-long', `body.${'k'.repeat(64)}…`);
});

test("keys: 'prototype' inside 'constructor' is refused; either name alone is plain data", () => {
  refused('{"a":{"constructor":{"prototype":{"x":1}}}}', 'prototype-key', 'body.a.constructor.prototype');
  assert.deepEqual(parseStrictJson('{"constructor":"x","prototype":1,"b":[{"prototype":2}]}'), {
    constructor: 'x',
    prototype: 1,
    b: [{ prototype: 2 }],
  });
});

test('text that is not JSON is BFY_ERR_MALFORMED_BODY; the root name is the caller’s', () => {
  assert.equal(refused('{"a":tru}', 'syntax', 'body').code, 'BFY_ERR_MALFORMED_BODY');
  refused('   ', 'syntax', 'body');
  refused('{"a":1} x', 'syntax', 'config', { root: 'config' });
});
