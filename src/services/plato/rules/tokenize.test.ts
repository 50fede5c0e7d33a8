import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CONDITION_LENGTH } from './limits.ts';
import { RuleSyntaxError } from './rule-syntax-error.ts';
import { tokenize } from './tokenize.ts';

const kinds = (source: string) => tokenize(source).map((t) => `${t.kind}:${t.text}`);

test('splits paths, operators, literals and punctuation, with positions', () => {
  const tokens = tokenize('action.parameters.amount >= 10.5 && context.env in ["prod", \'qa\']');
  assert.deepEqual(
    tokens.map((t) => [t.kind, t.text, t.position]),
    [
      ['word', 'action', 0],
      ['.', '.', 6],
      ['word', 'parameters', 7],
      ['.', '.', 17],
      ['word', 'amount', 18],
      ['operator', '>=', 25],
      ['number', '10.5', 28],
      ['operator', '&&', 33],
      ['word', 'context', 36],
      ['.', '.', 43],
      ['word', 'env', 44],
      ['word', 'in', 48],
      ['[', '[', 51],
      ['string', 'prod', 52],
      [',', ',', 58],
      ['string', 'qa', 60],
      [']', ']', 64],
      ['end', '', 65],
    ],
  );
});

test('reads negative numbers and exponents as numbers', () => {
  const numbers = tokenize('-3 1e3 0.25 -0.5E-2')
    .filter((t) => t.kind === 'number')
    .map((t) => t.number);
  assert.deepEqual(numbers, [-3, 1000, 0.25, -0.005]);
});

test('decodes the supported escapes in strings', () => {
  const [token] = tokenize(String.raw`"a\"b\\c\n\t'd"`);
  assert.equal(token?.text, 'a"b\\c\n\t\'d');
});

test('tells all the operators apart, longest first', () => {
  assert.deepEqual(kinds('== != <= >= < > && || !'), [
    'operator:==',
    'operator:!=',
    'operator:<=',
    'operator:>=',
    'operator:<',
    'operator:>',
    'operator:&&',
    'operator:||',
    'operator:!',
    'end:',
  ]);
});

test('rejects bad input with the offset of the problem', () => {
  const cases: [string, number, RegExp][] = [
    ['action.type = "x"', 12, /use '=='/],
    ['a & b', 2, /use '&&'/],
    ['a | b', 2, /use '\|\|'/],
    ['"unterminated', 0, /unterminated string/],
    ['"line\nbreak"', 0, /unterminated string/],
    [String.raw`"bad \x escape"`, 5, /unknown escape/],
    ['1e999', 0, /out of range/],
    ['12abc', 0, /malformed number/],
    ['a ; b', 2, /unexpected character ';'/],
    ['a `b`', 2, /unexpected character '`'/],
    ['a \u0000', 2, /U\+0000/],
    ['x'.repeat(65), 0, /longer than 64/],
  ];
  for (const [source, position, message] of cases) {
    assert.throws(
      () => tokenize(source),
      (error: unknown) =>
        error instanceof RuleSyntaxError && error.position === position && message.test(error.message),
      source,
    );
  }
});

test(
  `refuses conditions longer than ${MAX_CONDITION_LENGTH} characters before reading them`,
  { timeout: 10_000 },
  () => {
    const huge = 'true || '.repeat(200_000) + 'true';
    assert.throws(
      () => tokenize(huge),
      (error: unknown) => error instanceof RuleSyntaxError && error.position === MAX_CONDITION_LENGTH,
    );
    assert.doesNotThrow(() => tokenize('1'.padEnd(MAX_CONDITION_LENGTH, ' ')));
  },
);
