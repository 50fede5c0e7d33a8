import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from './evaluate.ts';
import type { Series } from './expression.ts';
import { parseExpression } from './parse-expression.ts';

const s = (name: string, labels: Record<string, string>, value: number): Series => ({
  labels: { __name__: name, ...labels },
  value,
});
const run = (expression: string, series: Series[]) => {
  const value = evaluate(parseExpression('T', expression), series);
  assert.equal(value.type, 'vector');
  return value.type === 'vector' ? value.series : [];
};

const probes = [
  s('probe_success', { source: 'a', target: 'b' }, 0),
  s('probe_success', { source: 'c', target: 'b' }, 1),
  s('probe_success', { source: 'a', target: 'd' }, 0),
  s('probe_success', { source: 'c', target: 'd' }, 0),
];

test('matchers: =, !=, =~ (anchored), !~; a missing label matches ""', () => {
  assert.equal(run('probe_success{source="a"}', probes).length, 2);
  assert.equal(run('probe_success{source!="a"}', probes).length, 2);
  assert.equal(run('probe_success{target=~"b|x"}', probes).length, 2);
  assert.equal(run('probe_success{target=~"b."}', probes).length, 0);
  assert.equal(run('probe_success{target!~"b"}', probes).length, 2);
  assert.equal(run('probe_success{zone=""}', probes).length, 4);
});

test('comparisons filter and keep the name; vector against vector matches one to one', () => {
  assert.deepEqual(run('probe_success == 1', probes), [probes[1]]);
  assert.deepEqual(run('0 < probe_success', probes), [probes[1]]);
  const a = [s('x', { k: '1', j: 'p' }, 5), s('x', { k: '2', j: 'p' }, 1)];
  const b = [s('y', { k: '1', j: 'q' }, 3), s('y', { k: '2', j: 'q' }, 3)];
  assert.deepEqual(run('x > on(k) y', [...a, ...b]), [{ labels: { k: '1' }, value: 5 }]);
  assert.deepEqual(run('x > ignoring(j) y', [...a, ...b]), [{ labels: { __name__: 'x', k: '1' }, value: 5 }]);
  assert.deepEqual(run('x > y', [...a, ...b]), []);
});

test('and / or / unless with on(...) and ignoring(...)', () => {
  const partition = '(probe_success == 0) and on(target) (max by (target) (probe_success) == 1)';
  assert.deepEqual(run(partition, probes), [probes[0]]);
  const nobody = 'max by (target) (probe_success) == 0';
  assert.deepEqual(run(nobody, probes), [{ labels: { target: 'd' }, value: 0 }]);
  assert.equal(run('probe_success unless ignoring(source) probe_success{source="c"} == 1', probes).length, 2);
  const state = [s('st', { cluster: 'x' }, 1), s('failed', { cluster: 'x' }, 2)];
  assert.deepEqual(run('st == 0 or failed > 0', state), [state[1]]);
  assert.deepEqual(run('st == 1 or failed > 0', state), [state[0]]);
});

test('count, max, min, sum with by / without drop the name', () => {
  assert.deepEqual(run('count(probe_success)', probes), [{ labels: {}, value: 4 }]);
  assert.deepEqual(run('sum by (target) (probe_success)', probes), [
    { labels: { target: 'b' }, value: 1 },
    { labels: { target: 'd' }, value: 0 },
  ]);
  assert.deepEqual(run('min without (source) (probe_success)', probes), [
    { labels: { target: 'b' }, value: 0 },
    { labels: { target: 'd' }, value: 0 },
  ]);
  assert.deepEqual(run('count(nothing)', probes), []);
});

test('absent() takes the = matchers as labels; vector(); label_replace()', () => {
  assert.deepEqual(run('absent(up{job="e", instance=~".+"})', probes), [{ labels: { job: 'e' }, value: 1 }]);
  assert.deepEqual(run('absent(probe_success)', probes), []);
  assert.deepEqual(run('vector(1)', []), [{ labels: {}, value: 1 }]);
  assert.deepEqual(run('label_replace(absent(pg_up), "series", "pg_up", "", "")', []), [
    { labels: { series: 'pg_up' }, value: 1 },
  ]);
  assert.deepEqual(
    run('label_replace(probe_success{source="a",target="b"}, "pair", "$1-b", "source", "(.*)")', probes),
    [{ labels: { __name__: 'probe_success', source: 'a', target: 'b', pair: 'a-b' }, value: 0 }],
  );
});
