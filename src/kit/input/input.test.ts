import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { jsonObject, jsonObjectSchema } from './json-object.ts';
import { safeIntegerSchema } from './number.ts';
import { textSchema } from './text.ts';
import { TIMESTAMP_RANGE, timestampSchema } from './timestamp.ts';

/** The issues of parsing `value`, as [path, message] pairs; [] when it parses. */
function issues(schema: z.ZodType, value: unknown): [string, string][] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

test('text refuses NUL and lone surrogates, and chains like z.string()', () => {
  const label = textSchema.min(1).max(5);
  assert.deepEqual(issues(label, 'abc😀'), []);
  assert.match(issues(label, 'a\u0000')[0]![1], /NUL/);
  assert.match(issues(textSchema, 'x\ud800')[0]![1], /lone UTF-16 surrogate/);
  assert.equal(issues(label, 'abcdef').length, 1);
});

test('timestamps: RFC 3339 with an offset, in the range, to the millisecond', () => {
  for (const good of [
    TIMESTAMP_RANGE.min,
    TIMESTAMP_RANGE.max,
    '2024-05-01T12:00:00Z',
    '2024-05-01T14:00:00.5+02:00',
    '2024-05-01T12:00:00.123000Z',
    '2024-02-29T00:00:00Z',
    '2024-05-01T12:00:00-15:59',
  ])
    assert.deepEqual(issues(timestampSchema, good), [], good);
  for (const bad of [
    '0000-01-01T00:00:00Z',
    '0099-02-20T00:00:00Z',
    '0100-01-01T00:30:00+01:00',
    '9999-12-31T23:30:00-01:00',
    '+010000-01-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-05-01T12:00:60Z',
    '2024-05-01T12:00:00.1234Z',
    '2024-05-01T12:00:00',
    '2024-05-01T12:00:00+16:00',
    '2024-05-01',
  ]) {
    const found = issues(timestampSchema, bad);
    assert.equal(found.length, 1, `${bad}: ${JSON.stringify(found)}`);
    assert.match(
      found[0]![1],
      /RFC 3339 timestamp from 0100-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z/,
    );
  }
});

test('free-form objects: the strict rules with a path into the object, before z.record drops __proto__', () => {
  const body = z.object({ payload: jsonObject });
  assert.deepEqual(issues(body, { payload: { a: [1, 'ü'] } }), []);
  assert.deepEqual(issues(body, { payload: { a: { b: 'x\u0000' } } }), [
    ['payload.a.b', 'the NUL character (\\u0000) is not accepted in text'],
  ]);
  assert.equal(issues(body, { payload: JSON.parse('{"__proto__":{"x":1}}') })[0]![0], 'payload.__proto__');
  assert.match(issues(body, { payload: { n: 2 ** 60 } })[0]![1], /within ±9007199254740991/);
  assert.match(issues(body, { payload: [1] })[0]![1], /expected record/);
  let deep: unknown = 1;
  for (let level = 0; level < 10_000; level += 1) deep = { a: deep };
  const [path, message] = issues(body, { payload: deep })[0]!;
  assert.equal(path.split('.').length, 33);
  assert.match(message, /at most 32 levels/);
  assert.match(issues(jsonObjectSchema({ maxBytes: 10 }), { key: 'long value' })[0]![1], /at most 10 bytes/);
});

test('safe integers stop at 2^53 - 1', () => {
  assert.deepEqual(issues(safeIntegerSchema, Number.MAX_SAFE_INTEGER), []);
  assert.equal(issues(safeIntegerSchema, 2 ** 53).length > 0, true);
  assert.equal(issues(safeIntegerSchema, 1.5).length > 0, true);
});
