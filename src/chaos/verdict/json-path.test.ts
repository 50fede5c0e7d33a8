import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonPath, readJsonPath } from './json-path.ts';

const read = (value: unknown, path: string) => {
  const steps = parseJsonPath(path);
  assert.ok(Array.isArray(steps), JSON.stringify(steps));
  return readJsonPath(value, steps);
};

test('follows keys, quoted keys, indexes and length', () => {
  const health = {
    status: 'UP',
    components: { cassandra: { details: { nodes: { '127.0.2.1': 'UP' } } } },
    content: [{ id: 'a' }, { id: 'b' }],
  };
  assert.deepEqual(read(health, '$.status'), { found: true, value: 'UP' });
  assert.deepEqual(read(health, "$.components.cassandra.details.nodes['127.0.2.1']"), {
    found: true,
    value: 'UP',
  });
  assert.deepEqual(read(health, '$.content[1].id'), { found: true, value: 'b' });
  assert.deepEqual(read(health, '$.content.length'), { found: true, value: 2 });
  assert.deepEqual(read(health, '$'), { found: true, value: health });
});

test('a step that leads nowhere is not found, never undefined-as-a-value', () => {
  assert.deepEqual(read({ a: 1 }, '$.b'), { found: false });
  assert.deepEqual(read({ a: [1] }, '$.a[3]'), { found: false });
  assert.deepEqual(read({ a: null }, '$.a.b'), { found: false });
  assert.deepEqual(read({ a: { length: 7 } }, '$.a.length'), { found: true, value: 7 });
});

test('refuses paths outside the subset, naming where', () => {
  assert.match(JSON.stringify(parseJsonPath('status')), /starts with '\$'/);
  assert.match(JSON.stringify(parseJsonPath('$.items[*].id')), /at '\[\*\]\.id'/);
  assert.match(JSON.stringify(parseJsonPath('$..status')), /unsupported/);
});
