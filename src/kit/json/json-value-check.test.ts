import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonValueIssue } from './json-value-check.ts';

/** A value nested `levels` objects deep. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value;
}

test('a value within the limits has no issue', () => {
  assert.equal(
    jsonValueIssue({ a: [1, 'x😀', null, { b: false }], n: Number.MAX_SAFE_INTEGER, f: 0.5 }),
    undefined,
  );
  assert.equal(jsonValueIssue(nested(32)), undefined);
});

test('each rule names the path of the first offence', () => {
  assert.deepEqual(pick(jsonValueIssue({ a: [0, 'x\u0000'] })), ['nul', ['a', 1]]);
  assert.deepEqual(pick(jsonValueIssue({ ['k\u0000']: 1 })), ['nul', ['k\u0000']]);
  assert.deepEqual(pick(jsonValueIssue(['\ud800'])), ['lone-surrogate', [0]]);
  assert.deepEqual(pick(jsonValueIssue({ n: Infinity })), ['non-finite-number', ['n']]);
  assert.deepEqual(pick(jsonValueIssue({ n: 2 ** 60 })), ['unsafe-integer', ['n']]);
  assert.deepEqual(pick(jsonValueIssue(JSON.parse('{"__proto__":1}'))), ['prototype-key', ['__proto__']]);
  assert.deepEqual(pick(jsonValueIssue({ ['k'.repeat(257)]: 1 })), ['key-too-long', ['k'.repeat(257)]]);
});

test('10,000 levels are refused at level 33 without overflowing the stack', () => {
  const issue = jsonValueIssue({ payload: nested(10_000) });
  assert.equal(issue?.reason, 'too-deep');
  assert.equal(issue?.path.length, 32);
  assert.equal(jsonValueIssue(nested(5), { maxDepth: 4 })?.reason, 'too-deep');
});

function pick(issue: ReturnType<typeof jsonValueIssue>) {
  return [issue?.reason, issue?.path];
}
