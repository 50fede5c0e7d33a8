import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from './parse-expression.ts';
import { UnsupportedExpressionError } from './unsupported-expression.ts';

test('reads selectors, comparisons, set operators with on(), aggregations with by/without', () => {
  assert.deepEqual(parseExpression('R', 'count(pg_up) unless on() (pg_up{role="primary"} == 1)'), {
    kind: 'set',
    op: 'unless',
    matching: { kind: 'on', labels: [] },
    left: { kind: 'aggregation', op: 'count', argument: { kind: 'selector', metric: 'pg_up', matchers: [] } },
    right: {
      kind: 'comparison',
      op: '==',
      left: { kind: 'selector', metric: 'pg_up', matchers: [{ label: 'role', op: '=', value: 'primary' }] },
      right: { kind: 'number', value: 1 },
    },
  });
  assert.deepEqual(parseExpression('R', "sum without (state) (x{state=~'open|half_open', a!~`b`})"), {
    kind: 'aggregation',
    op: 'sum',
    grouping: { kind: 'without', labels: ['state'] },
    argument: {
      kind: 'selector',
      metric: 'x',
      matchers: [
        { label: 'state', op: '=~', value: 'open|half_open' },
        { label: 'a', op: '!~', value: 'b' },
      ],
    },
  });
  assert.deepEqual(parseExpression('R', 'max(x) by (target)'), {
    kind: 'aggregation',
    op: 'max',
    grouping: { kind: 'by', labels: ['target'] },
    argument: { kind: 'selector', metric: 'x', matchers: [] },
  });
});

test('refuses what is outside the subset, naming the rule and the construct', () => {
  const refusals: [string, RegExp][] = [
    ['rate(x[5m]) > 0', /the function `rate`/],
    ['x[5m]', /the range selector/],
    ['x > bool 1', /the bool modifier/],
    ['x + 1', /the operator `\+`/],
    ['topk(1, x)', /the aggregation `topk`/],
    ['x offset 5m', /the offset modifier/],
    ['-x', /the unary operator/],
    ['x > on(a) group_left b', /group_left/],
    ['{job="a"}', /a metric name is required/],
    ['x ==', /a syntax error/],
    ['1 == 1', /two numbers/],
  ];
  for (const [expression, construct] of refusals)
    assert.throws(
      () => parseExpression('SomeAlert', expression),
      (error: unknown) =>
        error instanceof UnsupportedExpressionError &&
        error.code === 'BFY_ERR_CONFIG_INVALID' &&
        /^alert rule SomeAlert: /.test(error.message) &&
        construct.test(error.message),
      expression,
    );
});
