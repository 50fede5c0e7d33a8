import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileScope, globMatches } from './policy-scope.ts';

test('an empty scope applies to everything, including evaluations without a RIM node', () => {
  const applies = compileScope({});
  assert.equal(applies({ rimNodeId: null, actionType: 'X' }), true);
  assert.equal(compileScope({ actionTypes: [] })({ rimNodeId: 'rim:a:b', actionType: 'Y' }), true);
});

test('actionTypes match exactly', () => {
  const applies = compileScope({ actionTypes: ['TRADE', 'EXECUTE'] });
  assert.equal(applies({ rimNodeId: null, actionType: 'TRADE' }), true);
  assert.equal(applies({ rimNodeId: null, actionType: 'trade' }), false);
  assert.equal(applies({ rimNodeId: null, actionType: 'TRADES' }), false);
});

test('rimNodePattern is a glob with * only; dots and other characters are literal', () => {
  const applies = compileScope({ rimNodePattern: 'rim:entity:finance:*' });
  assert.equal(applies({ rimNodeId: 'rim:entity:finance:EURUSD', actionType: 'X' }), true);
  assert.equal(applies({ rimNodeId: 'rim:entity:finance:a:b', actionType: 'X' }), true, '* crosses colons');
  assert.equal(applies({ rimNodeId: 'rim:entity:energy:GAS', actionType: 'X' }), false);
  assert.equal(applies({ rimNodeId: null, actionType: 'X' }), false);
  assert.equal(globMatches('rim:a.b', 'rim:aXb'), false);
  assert.equal(globMatches('*:test:*', 'rim:test:verification'), true);
  assert.equal(globMatches('rim:exact', 'rim:exact:more'), false, 'anchored at both ends');
  assert.equal(globMatches('rim:exact', 'rim:exac'), false);
  assert.equal(globMatches('*', ''), true);
  assert.equal(globMatches('**', 'anything'), true);
  assert.equal(globMatches('a*b*c', 'aXXbYYc'), true);
  assert.equal(globMatches('a*b*c', 'aXXbYY'), false);
  assert.equal(globMatches('*ab', 'aab'), true, 'backtracks to the last star');
});

// An exponential matcher would never finish: the timeout guards against a hang, it measures nothing.
test('a pathological glob cannot make matching explode', { timeout: 10_000 }, () => {
  const glob = 'a*'.repeat(120) + 'b';
  const text = 'a'.repeat(256);
  assert.equal(globMatches(glob, text), false);
});

test('both parts must match when both are given', () => {
  const applies = compileScope({ actionTypes: ['TRADE'], rimNodePattern: 'rim:entity:*' });
  assert.equal(applies({ rimNodeId: 'rim:entity:x', actionType: 'TRADE' }), true);
  assert.equal(applies({ rimNodeId: 'rim:entity:x', actionType: 'READ' }), false);
  assert.equal(applies({ rimNodeId: 'rim:test:x', actionType: 'TRADE' }), false);
});
