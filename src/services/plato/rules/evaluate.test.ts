import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionHolds, evaluateCondition, type RuleInput } from './evaluate.ts';
import { parseCondition } from './parse.ts';

const input: RuleInput = {
  rimNodeId: 'rim:entity:finance:EURUSD',
  action: {
    type: 'TRADE',
    parameters: { amount: 1500, currency: 'EUR', tags: ['fx', 'urgent'], nested: { ok: true } },
  },
  context: { env: 'prod', approved: false, count: 0 },
};

const holds = (source: string, data: RuleInput = input) => conditionHolds(parseCondition(source), data);

test('paths read the input and literals compare strictly', () => {
  assert.equal(holds('action.type == "TRADE"'), true);
  assert.equal(holds('action.type != "TRADE"'), false);
  assert.equal(holds('action.parameters.amount == 1500'), true);
  assert.equal(holds('action.parameters.amount == "1500"'), false, 'no coercion between types');
  assert.equal(holds('action.parameters.nested.ok'), true);
  assert.equal(holds('context.approved == false'), true);
  assert.equal(holds('rimNodeId startsWith "rim:entity:finance:"'), true);
});

test('ordering works on numbers and on strings, and is false across types', () => {
  assert.equal(holds('action.parameters.amount > 1000'), true);
  assert.equal(holds('action.parameters.amount >= 1500'), true);
  assert.equal(holds('action.parameters.amount < 1500'), false);
  assert.equal(holds('action.parameters.amount <= 1500.0'), true);
  assert.equal(holds('action.parameters.currency < "USD"'), true);
  assert.equal(holds('action.parameters.currency > 1'), false);
  assert.equal(holds('context.missing < 1'), false);
  assert.equal(holds('context.missing >= 0'), false);
});

test('in, contains and startsWith', () => {
  assert.equal(holds('context.env in ["prod", "staging"]'), true);
  assert.equal(holds('context.env in ["qa"]'), false);
  assert.equal(holds('context.missing in [null]'), true);
  assert.equal(holds('action.parameters.tags contains "urgent"'), true);
  assert.equal(holds('action.parameters.tags contains "slow"'), false);
  assert.equal(holds('action.type contains "RAD"'), true);
  assert.equal(holds('action.parameters.amount contains 1'), false);
  assert.equal(holds('action.parameters.nested in [true]'), false, 'objects are never in a list');
  assert.equal(holds('action.parameters.amount startsWith "1"'), false);
});

test('logic: && || ! and the literal true', () => {
  assert.equal(holds('true'), true);
  assert.equal(holds('false'), false);
  assert.equal(holds('!false'), true);
  assert.equal(holds('context.env == "prod" && action.parameters.amount > 1000'), true);
  assert.equal(holds('context.env == "qa" && action.parameters.amount > 1000'), false);
  assert.equal(holds('context.env == "qa" || action.parameters.amount > 1000'), true);
  assert.equal(holds('!(context.env == "qa") && !context.approved'), true);
  assert.equal(holds('context.count'), false, 'only exactly true triggers');
  assert.equal(holds('action.type'), false, 'a string is not true');
});

test('missing paths are null and never throw', () => {
  assert.equal(evaluateCondition(parseCondition('context.a.b.c.d'), input), null);
  assert.equal(holds('context.a.b.c == null'), true);
  assert.equal(holds('action.type.length == 5'), false, 'strings have no properties');
  assert.equal(holds('action.parameters.tags.length == 2'), false, 'arrays have no properties');
  assert.equal(holds('action.type == null', { rimNodeId: null, action: null, context: null }), true);
  assert.equal(holds('action.type == null', {} as RuleInput), true);
  assert.equal(holds('context.x == null', { rimNodeId: null, action: {}, context: 'not an object' }), true);
});

test('only own properties of plain data are read, never inherited or exotic ones', () => {
  const proto = { secret: 'inherited' };
  const tricky: RuleInput = {
    rimNodeId: null,
    action: Object.assign(Object.create(proto) as object, { type: 'X' }),
    context: {
      fn: () => true,
      date: new Date(0),
      map: new Map([['k', 1]]),
      big: 1n,
      nan: Number.NaN,
      sym: Symbol('s'),
    },
  };
  assert.equal(holds('action.secret == "inherited"', tricky), false);
  assert.equal(holds('action.type == "X"', tricky), false, 'a non-plain object is not descended into');
  assert.equal(holds('context.fn == null', tricky), true);
  assert.equal(holds('context.date == null', tricky), true);
  assert.equal(holds('context.map.k == 1', tricky), false);
  assert.equal(holds('context.big == null', tricky), true);
  assert.equal(holds('context.nan == null', tricky), true);
  assert.equal(holds('context.sym == null', tricky), true);
});

test('a JSON body with a __proto__ key cannot pollute or be reached through the prototype', () => {
  const parsed = JSON.parse(
    '{"rimNodeId":null,"action":{"type":"X","__proto__":{"polluted":true}},"context":{}}',
  ) as RuleInput;
  assert.equal(holds('action.polluted == true', parsed), false);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(holds('context.toString == null', parsed), true);
  assert.equal(holds('context.hasOwnProperty == null', parsed), true);
});

test('a maximal condition evaluates to the right answer, a thousand times over', { timeout: 10_000 }, () => {
  const chain = Array.from({ length: 60 }, (_, i) => `context.env == "v${i}"`).join(' || ');
  const node = parseCondition(chain.slice(0, 1000).replace(/\|\|\s*[^|]*$/, ''));
  const matching = { ...input, context: { env: 'v3' } };
  for (let i = 0; i < 1000; i += 1) {
    assert.equal(conditionHolds(node, input), false, 'prod is none of v0…');
    assert.equal(conditionHolds(node, matching), true, 'v3 is one of them');
  }
});
